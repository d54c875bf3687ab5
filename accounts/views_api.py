"""API tokens on the security page (list, create, shown once, revoke) and the API reference page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from two_factor.views import ProfileView

from . import access, apidocs, tokens
from .access import requires
from .forms_tokens import ApiTokenForm


class SecurityView(ProfileView):
    """two_factor's account security page, with the user's API tokens."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["api_tokens"] = access.api_tokens_for(self.request.user)
        return context


@never_cache
@require_http_methods(["GET", "POST"])
@requires(access.is_active)
def api_token_create(request):
    form = ApiTokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = tokens.api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                access_level=form.cleaned_data["access"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "accounts/api_token_created.html", {"token": token, "raw": raw})
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/api_token_form.html", {"form": form}, status=status)


@require_POST
@requires(access.is_active)
def api_token_revoke(request, pk):
    token = get_object_or_404(access.api_tokens_for(request.user), pk=pk)
    tokens.api_token_revoke(token=token, user=request.user)
    messages.success(
        request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("two_factor:profile")


@require_safe
def api_docs(request):
    """The API's reference, generated from the code, for every signed-in user."""
    context = {"operations": apidocs.operations(), "components": apidocs.components()}
    return render(request, "accounts/api_docs.html", context)
