import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports import periods

ENCODING_CHOICES = [
    ("", _("Detect automatically")),
    ("utf-8", "UTF-8"),
    ("utf-16", "UTF-16"),
    ("windows-1251", _("Windows-1251 (Cyrillic)")),
    ("windows-1252", _("Windows-1252 (Western European)")),
]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    encoding = forms.ChoiceField(
        label=_("Text encoding of a CSV file"), choices=ENCODING_CHOICES, required=False
    )


FIRST_HISTORY_QUARTER = datetime.date(2022, 1, 1)  # the tracker starts with the invasion


def quarter_choices(today=None):
    """Quarters from the tracker's first to the next one, newest first: (first day, label)."""
    today = today or timezone.localdate()
    last = periods.shift(periods.QUARTERLY, periods.start_of(periods.QUARTERLY, today), 1)
    starts, start = [], FIRST_HISTORY_QUARTER
    while start <= last:
        starts.append(start)
        start = periods.shift(periods.QUARTERLY, start, 1)
    return [(start.isoformat(), periods.label(periods.QUARTERLY, start)) for start in reversed(starts)]


class HistoryOptionsForm(forms.Form):
    """The preview's choices: whether to add memberships, and from which quarter they report."""

    add_memberships = forms.BooleanField(
        label=_("Add missing memberships"),
        required=False,
        help_text=_("Make a donor a member of a coalition when one of its rows needs it."),
    )
    members_from = forms.TypedChoiceField(
        label=_("Added members report from"),
        coerce=datetime.date.fromisoformat,
        required=False,
        help_text=_(
            "The quarter from which a country added as a member owes reports. No report is "
            "created for it before this quarter: its earlier deliveries are skipped."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = quarter_choices()
        self.fields["members_from"].choices = choices
        self.fields["members_from"].initial = periods.start_of(
            periods.QUARTERLY, timezone.localdate()
        ).isoformat()

    def options(self):
        """The keyword arguments of the history import (after ``is_valid``)."""
        data = self.cleaned_data
        return {
            "add_memberships": data["add_memberships"],
            "members_from": data["members_from"] or None,
        }


class HistoryUploadForm(UploadForm, HistoryOptionsForm):
    pass
