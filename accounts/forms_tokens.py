"""The form that creates an API token on the user's security page."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import access
from .models import ApiTokenAccess
from .tokens import latest_expiry

DEFAULT_DAYS = 90


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What uses it, e.g. “Logistics system (production)”.")
    )
    access = forms.ChoiceField(label=_("Access"), widget=forms.RadioSelect)
    expires_on = forms.DateField(
        label=_("Expires on"),
        help_text=_("At most one year from today."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(ApiTokenAccess.READ.value, ApiTokenAccess.READ.label)]
        if access.may_write_through_api(user):
            choices.append((ApiTokenAccess.WRITE.value, ApiTokenAccess.WRITE.label))
        self.fields["access"].choices = choices
        self.initial.setdefault("access", ApiTokenAccess.READ.value)
        self.initial.setdefault("expires_on", timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS))

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if not today < day <= latest_expiry(today):
            raise forms.ValidationError(
                _("Choose a day after today and at most one year ahead (%(last)s).")
                % {"last": latest_expiry(today).isoformat()}
            )
        return day
