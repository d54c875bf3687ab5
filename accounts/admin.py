from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import UserAddForm, UserEditForm
from .models import User

PORTAL_FIELDS = (_("Portal"), {"fields": ("role", "country", "groups")})


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Users; the role and the country (the user's country group) are set in one step."""

    form = UserEditForm
    add_form = UserAddForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        PORTAL_FIELDS,
        (_("Admin site"), {"fields": ("is_active", "is_staff", "is_superuser", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (PORTAL_FIELDS,)
    list_display = ("username", "email", "role", "country", "is_active", "last_login")
    list_filter = ("role", "is_active", "groups")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups__country")

    @admin.display(description=_("country"))
    def country(self, user):
        return next((group.country for group in user.groups.all() if hasattr(group, "country")), "")
