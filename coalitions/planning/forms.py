"""Forms of planning pages; every rule they share with the admin import or the services
lives in ``services`` (``need_problems``, ``owner_problem``) or ``reports.rules``."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalitions.forms import CapabilityChoiceField
from coalitions.models import (
    Capability,
    Category,
    Commitment,
    CommitmentStatus,
    Country,
    Need,
    NeedStatus,
    Priority,
    Unit,
)
from reports import periods

from . import services
from .models import Milestone, MilestoneStatus, MilestoneUpdate

ALL = [("", _("All"))]
SCHEDULE_ROWS = 6


class NeedForm(forms.ModelForm):
    """Publish or change a need; the unit, when given, must be the capability's."""

    unit = forms.ChoiceField(
        label=_("Unit"),
        choices=[("", _("The capability's unit"))] + Unit.choices,
        required=False,
        help_text=_("Optional: a check that the quantity is counted in the capability's unit."),
    )
    year = forms.IntegerField(label=_("Year"), help_text=_("2000 to 2099."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Need
        fields = [
            "coalition",
            "capability",
            "quantity",
            "unit",
            "year",
            "quarter",
            "month",
            "priority",
            "justification",
            "status",
        ]
        field_classes = {"capability": CapabilityChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capability"].queryset = Capability.objects.select_related("coalition")
        self.fields["quantity"].validators.append(MinValueValidator(1))
        self.fields["quantity"].widget.attrs["min"] = 1
        if self.instance.pk:
            del self.fields["coalition"]
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        data.setdefault("coalition", getattr(self.instance, "coalition", None))
        for field, problem in services.need_problems(data).items():
            self.add_error(field if field in self.fields else None, problem)
        return data

    def validate_unique(self):
        """Uniqueness is the database's; a duplicate is reported by the view."""


class BoardFilterForm(forms.Form):
    """Filters of the needs board (query string). Invalid filters show their error and no rows."""

    priority = forms.ChoiceField(label=_("Priority"), choices=ALL + Priority.choices, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ALL + NeedStatus.choices, required=False)
    category = forms.ChoiceField(
        label=_("Capability category"), choices=ALL + Category.choices, required=False
    )
    first = forms.CharField(label=_("From quarter"), required=False, help_text=_("For example 2026-Q3."))
    last = forms.CharField(label=_("To quarter"), required=False)
    gaps_only = forms.BooleanField(label=_("Only needs with a gap"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[
            ("gaps", _("Uncovered high priority first")),
            ("gap", _("Largest gap")),
            ("period", _("Period")),
            ("capability", _("Capability")),
        ],
        required=False,
    )

    def _quarter(self, name):
        text = self.cleaned_data.get(name, "").strip()
        if not text:
            return ""
        parsed = periods.parse_label(text)
        if parsed is None or parsed[0] != periods.QUARTERLY:
            raise ValidationError(_("Enter a quarter between 2000-Q1 and 2099-Q4, such as 2026-Q3."))
        return periods.label(*parsed)

    def clean_first(self):
        return self._quarter("first")

    def clean_last(self):
        return self._quarter("last")

    def clean(self):
        data = super().clean()
        if (
            data.get("first")
            and data.get("last")
            and periods.quarter_index(data["first"]) > periods.quarter_index(data["last"])
        ):
            self.add_error("last", _("The last quarter is before the first."))
        return data


class VersionForm(forms.Form):
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea, required=False)
    row_version = forms.IntegerField(widget=forms.HiddenInput)


class MilestoneForm(forms.ModelForm):
    due = forms.CharField(
        label=_("Due"), help_text=_("A quarter such as 2026-Q3, or a date such as 2026-09-15.")
    )

    class Meta:
        model = Milestone
        fields = ["title", "description", "owner", "due", "status"]

    def __init__(self, *args, coalition, **kwargs):
        super().__init__(*args, **kwargs)
        self.coalition = coalition
        self.fields["owner"].queryset = Country.objects.filter(models_q_members(coalition)).distinct()
        if self.instance.pk:
            self.fields["due"].initial = self.instance.due_label

    def clean_due(self):
        text = self.cleaned_data["due"].strip()
        parsed = periods.parse_label(text)
        if parsed and parsed[0] == periods.QUARTERLY:
            return periods.end_of(periods.QUARTERLY, parsed[1]), True
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                _("Enter a quarter such as 2026-Q3 or a date such as 2026-09-15.")
            ) from None
        if not periods.placeable(day):
            raise ValidationError(_("Enter a date between 2000 and 2099."))
        return day, False

    def clean_owner(self):
        owner = self.cleaned_data["owner"]
        problem = services.owner_problem(self.coalition.pk, owner)
        if problem:
            raise ValidationError(problem)
        return owner

    def milestone_data(self):
        data = {f: self.cleaned_data[f] for f in ("title", "description", "owner", "status")}
        data["due_on"], data["due_is_quarter"] = self.cleaned_data["due"]
        return data


def models_q_members(coalition):
    return Q(is_recipient=True) | Q(memberships__coalition=coalition, memberships__ended_on__isnull=True)


class MilestoneUpdateForm(forms.ModelForm):
    class Meta:
        model = MilestoneUpdate
        fields = ["status", "note", "on"]
        widgets = {"on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].validators += periods.PLACEABLE
        self.fields["status"].choices = MilestoneStatus.choices


class CallForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the members"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class OfferForm(forms.Form):
    """Offer to cover a need: a commitment (new or existing) and a delivery schedule of up to
    six periods of the country's cadence (quarters, or months for monthly members)."""

    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    commitment = forms.ModelChoiceField(
        label=_("Extend a commitment"),
        queryset=Commitment.objects.none(),
        required=False,
        empty_label=_("No: create a new commitment"),
    )
    undisclosed = forms.BooleanField(label=_("Quantity undisclosed"), required=False)

    def __init__(self, *args, need, countries, periods_offered, **kwargs):
        super().__init__(*args, **kwargs)
        self.need = need
        self.fields["country"].queryset = countries
        if countries.count() == 1:
            self.fields["country"].initial = countries.first().pk
        self.fields["commitment"].queryset = Commitment.objects.filter(
            country__in=countries, capability=need.capability
        ).exclude(status=CommitmentStatus.CANCELLED)
        choices = [("", "—")] + [(start.isoformat(), label) for start, label in periods_offered]
        for n in range(1, SCHEDULE_ROWS + 1):
            self.fields[f"period_{n}"] = forms.ChoiceField(
                label=_("Period %(n)d") % {"n": n}, choices=choices, required=False
            )
            self.fields[f"quantity_{n}"] = forms.IntegerField(
                label=_("Quantity (%(unit)s)") % {"unit": need.capability.get_unit_display()},
                min_value=1,
                required=False,
            )

    def clean(self):
        data = super().clean()
        schedule = []
        for n in range(1, SCHEDULE_ROWS + 1):
            start, quantity = data.get(f"period_{n}"), data.get(f"quantity_{n}")
            if start and not quantity:
                self.add_error(f"quantity_{n}", _("Give the quantity planned for this period."))
            elif quantity and not start:
                self.add_error(f"period_{n}", _("Choose the period of this quantity."))
            elif start and quantity:
                schedule.append((datetime.date.fromisoformat(start), quantity))
        if not schedule and not self.errors:
            raise ValidationError(_("Plan at least one delivery: a period and a quantity."))
        data["schedule"] = schedule
        commitment, country = data.get("commitment"), data.get("country")
        if commitment and country and commitment.country_id != country.pk:
            self.add_error("commitment", _("Choose a commitment of the country you offer for."))
        return data
