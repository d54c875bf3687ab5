"""Forms of the memberships page (the ministry administrator's)."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import Cadence, Coalition, MembershipRole

RECIPIENT = "UA"
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def period_start(kind, label):
    """The first day of the period ``label`` (``2027-Q1`` or ``2027-01``) of cadence ``kind``."""
    pattern = MONTH if kind == Cadence.MONTHLY else QUARTER
    found = pattern.match(label.strip().upper())
    if not found:
        return None
    year, number = int(found.group(1)), int(found.group(2))
    if not 2000 <= year <= 2099:
        return None
    month = number if kind == Cadence.MONTHLY else (number - 1) * 3 + 1
    return datetime.date(year, month, 1)


class MembershipAddForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"))
    coalition = forms.ModelChoiceField(label=_("Coalition"), queryset=Coalition.objects.all())
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER)
    cadence = forms.ChoiceField(label=_("Cadence"), choices=Cadence.choices, initial=Cadence.QUARTERLY)
    first_period = forms.CharField(
        label=_("First period it reports"),
        max_length=7,
        help_text=_("A quarter such as 2027-Q1 (quarterly) or a month such as 2027-01 (monthly)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "---------")] + [
            (code, name) for code, name in countries if code != RECIPIENT
        ]
        today = timezone.localdate()
        self.fields["first_period"].initial = f"{today.year}-Q{(today.month - 1) // 3 + 1}"

    def clean(self):
        cleaned = super().clean()
        kind, label = cleaned.get("cadence"), cleaned.get("first_period")
        if kind and label:
            start = period_start(kind, label)
            if start is None:
                example = "2027-01" if kind == Cadence.MONTHLY else "2027-Q1"
                self.add_error(
                    "first_period",
                    _("Write the period as %(example)s (the cadence you chose), in 2000–2099.")
                    % {"example": example},
                )
            else:
                cleaned["first_period_start"] = start
        return cleaned


class MembershipEndForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Last day of the membership"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("No report is owed for a period starting after this day; past reports stay."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()

    def clean_ended_on(self):
        day = self.cleaned_data["ended_on"]
        if not datetime.date(2000, 1, 1) <= day <= datetime.date(2099, 12, 31):
            raise forms.ValidationError(_("Choose a day in 2000–2099."))
        return day
