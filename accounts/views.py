from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.forms import TextInput
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from two_factor.utils import get_otpauth_url, totp_digits
from two_factor.views import DisableView as TwoFactorDisableView
from two_factor.views import LoginView as TwoFactorLoginView
from two_factor.views import QRGeneratorView as TwoFactorQRGeneratorView
from two_factor.views import SetupView as TwoFactorSetupView

from . import access
from .access import requires
from .services import lockout_clear


class LoginView(TwoFactorLoginView):
    """two_factor's login wizard (password, then a TOTP or backup code when the account has one)."""

    redirect_authenticated_user = True

    def get(self, request, *args, **kwargs):
        """The form, without writing a session for an anonymous first visit.

        The wizard keeps its (empty, just reset) state in the session; a visitor without a
        session then got a new session row on every visit. The state is made again on POST.
        """
        response = super().get(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()  # while the wizard's state is still there
        if request.session.session_key is None:
            request.session.pop(self.storage.prefix, None)
        return response


class SetupView(TwoFactorSetupView):
    """two_factor's setup: the authenticator shows the portal's name; the code field is a one-time-code
    text field (no number spinner, digits keyboard on phones)."""

    def get_form(self, step=None, **kwargs):
        form = super().get_form(step, **kwargs)
        if "token" in form.fields:
            form.fields["token"].label = _("Code from the app")
            form.fields["token"].widget = TextInput(
                attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
                | {"pattern": "[0-9]*", "class": "govuk-input govuk-input--width-10"}
            )
        return form

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        if "otpauth_url" in context:
            issuer = settings.TWO_FACTOR_ISSUER
            context["otpauth_url"] = get_otpauth_url(
                self.request.user.get_username(), context["secret_key"], issuer, totp_digits()
            )
            context["issuer"] = issuer
        return context


class QRGeneratorView(TwoFactorQRGeneratorView):
    def get_issuer(self):
        return settings.TWO_FACTOR_ISSUER


@method_decorator(requires(access.may_turn_off_second_factor), name="dispatch")
class DisableView(TwoFactorDisableView):
    """Turning the second factor off, for accounts that may do without one."""


@requires(access.may_manage_lockouts)
def lockouts(request):
    since = timezone.now() - get_cool_off(request)
    attempts = AccessAttempt.objects.filter(attempt_time__gte=since).order_by("-attempt_time")
    return render(
        request,
        "registration/lockouts.html",
        {"attempts": attempts, "failure_limit": get_failure_limit(request, None)},
    )


@require_POST
@requires(access.may_manage_lockouts)
def lockout_clear_view(request, pk):
    attempt = get_object_or_404(AccessAttempt, pk=pk)
    lockout_clear(attempt=attempt)
    messages.success(
        request,
        _("Login of %(username)s from %(ip)s is unlocked.")
        % {"username": attempt.username, "ip": attempt.ip_address},
    )
    return redirect("lockouts")
