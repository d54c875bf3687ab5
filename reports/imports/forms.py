from django import forms
from django.utils.translation import gettext_lazy as _

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


class HistoryUploadForm(UploadForm):
    add_memberships = forms.BooleanField(
        label=_("Add missing memberships"),
        required=False,
        help_text=_("Make a donor a member of a coalition when one of its rows needs it."),
    )
