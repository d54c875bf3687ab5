"""Admin forms for users: the role and the country are chosen in the same step."""

from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from coalitions.models import Country

from .models import PARTNER_ROLES, Role
from .services import user_country, user_country_set


class CountryFields(forms.Form):
    country = forms.ModelChoiceField(
        label=_("country"),
        queryset=Country.objects.filter(is_recipient=False),
        required=False,
        help_text=_("Partner officers and viewers: the country they work for (its group is set for them)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["country"].initial = user_country(self.instance)
        if "groups" in self.fields:
            self.fields["groups"].queryset = Group.objects.filter(country__isnull=True)
            self.fields["groups"].help_text = _("Observer and other groups; the country is chosen above.")

    def clean(self):
        cleaned = super().clean()
        role, country = cleaned.get("role"), cleaned.get("country")
        if role in PARTNER_ROLES and country is None:
            self.add_error("country", _("A partner officer or viewer needs a country."))
        if role and role not in PARTNER_ROLES and country is not None:
            self.add_error("country", _("Only partner officers and viewers belong to a country."))
        for flag in ("is_staff", "is_superuser"):
            if cleaned.get(flag) and role != Role.ADMIN:
                self.add_error(
                    flag, _("Only administrators use the admin site: make the role Administrator.")
                )
        return cleaned

    def _save_m2m(self):
        super()._save_m2m()
        user_country_set(user=self.instance, country=self.cleaned_data["country"])


class UserAddForm(CountryFields, AdminUserCreationForm):
    pass


class UserEditForm(CountryFields, UserChangeForm):
    pass
