from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.models import User
from coalitions.models import Cadence, Coalition, Country
from coalitions.names import localized
from config.listing import filter_by

from . import checks, compliance, periods
from .filters import SELECT
from .models import DeliveryLine, PartnerReport, PlanLine, ReportingPeriod, ReportStatus, UsageLine
from .selectors import report_commitment_choices, report_commitments

PLAN_AHEAD = 4  # how many future periods a plan line may point at


class DateInput(forms.DateInput):
    input_type = "date"


class VersionedForm(forms.ModelForm):
    """Carries the version the user loaded, so a stale save can be refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True


class DeliveryLineForm(VersionedForm):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)

    class Meta:
        model = DeliveryLine
        fields = ["commitment", "delivered_on", "quantity", "notes"]
        widgets = {
            "commitment": SELECT,
            "delivered_on": DateInput,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, report, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = report_commitments(report, user)
        self.fields["commitment"].choices = report_commitment_choices(report, user)
        self.fields["delivered_on"].validators += periods.PLACEABLE
        self.fields["delivered_on"].help_text = _("Between %(start)s and %(end)s.") % {
            "start": report.period.start,
            "end": report.period.end,
        }


class PlanLineForm(VersionedForm):
    planned_for = forms.TypedChoiceField(label=_("Planned for"), coerce=forms.DateField().to_python)
    quantity = forms.IntegerField(label=_("Planned quantity"), min_value=1)

    class Meta:
        model = PlanLine
        fields = ["commitment", "planned_for", "quantity", "notes"]
        widgets = {"commitment": SELECT, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, report, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = report_commitments(report, user)
        self.fields["commitment"].choices = report_commitment_choices(report, user)
        kind = report.period.kind
        starts = [periods.shift(kind, report.period.start, n) for n in range(1, PLAN_AHEAD + 1)]
        self.fields["planned_for"].choices = [(s.isoformat(), _label(kind, s)) for s in starts]
        if self.instance.pk:
            self.fields["planned_for"].initial = self.instance.period.start.isoformat()

    def line_data(self):
        data = {k: self.cleaned_data[k] for k in ("commitment", "quantity", "notes")}
        return data | {"period": self.cleaned_data["planned_for"]}


def _label(kind, start):
    return ReportingPeriod(kind=kind, start=start).label


class UsageLineForm(VersionedForm):
    class Meta:
        model = UsageLine
        fields = ["received", "expended", "lost", "under_repair", "serviceable", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when returning or reopening."),
    )


class PeriodOpenForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Cadence.choices, initial=Cadence.QUARTERLY)
    start = forms.DateField(
        label=_("Any day of the period"),
        widget=DateInput,
        validators=periods.PLACEABLE,
    )
    due_on = forms.DateField(label=_("Due date"), widget=DateInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # here, not on the field: interpolating a lazy text fixes it in the language of the import
        self.fields["due_on"].help_text = _("Leave empty for %(days)d days after the end of the period.") % {
            "days": periods.DUE_AFTER_DAYS
        }


class UsageReportForm(forms.Form):
    coalition = forms.ModelChoiceField(label=_("Coalition"), queryset=None)
    period = forms.ModelChoiceField(label=_("Period"), queryset=ReportingPeriod.objects.all())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coalition"].queryset = access.coalitions_for(user)


class ActivityFilterForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all(), required=False)
    user = forms.ModelChoiceField(label=_("User"), queryset=User.objects.order_by("username"), required=False)
    since = forms.DateField(label=_("From"), widget=DateInput, required=False)
    until = forms.DateField(label=_("Until"), widget=DateInput, required=False)


EXPLANATION_MAX = 500


class FlagExplainForm(forms.Form):
    """One short explanation per data check warning of a report (field ``flag_<id>``)."""

    def __init__(self, *args, flags, **kwargs):
        super().__init__(*args, **kwargs)
        self.flags = list(flags)
        for flag in self.flags:
            self.fields[f"flag_{flag.pk}"] = forms.CharField(
                label=flag.message,
                initial=flag.explanation,
                required=False,
                max_length=EXPLANATION_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def explanations(self) -> dict[int, str]:
        return {flag.pk: self.cleaned_data[f"flag_{flag.pk}"] for flag in self.flags}


class FlagFilterForm(forms.Form):
    """The data checks page's rule filter (coalition, country and period: ``FigureFilters``)."""

    rule = forms.ChoiceField(label=_("Rule"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", _("All"))] + [(r.code, r.code) for r in checks.WARNINGS]


OVERDUE = "overdue"


class ReportFilterForm(forms.Form):
    """Filters of the report lists and the review queue, read from the query string. Every
    choice comes from what the user may see; the country is offered to users who see more
    than one. A filter only narrows the rows the selector already scoped."""

    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.none(), to_field_name="code", required=False
    )
    coalition = forms.ModelChoiceField(
        label=_("Coalition"), queryset=Coalition.objects.none(), to_field_name="slug", required=False
    )
    period = forms.ModelChoiceField(label=_("Period"), queryset=ReportingPeriod.objects.all(), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    PATHS = {"country": "country", "coalition": "coalition", "period": "period"}

    def __init__(self, *args, user, statuses=True, **kwargs):
        super().__init__(*args, **kwargs)
        visible = PartnerReport.objects.for_user(user).values("country_id")
        countries = Country.objects.filter(id__in=visible).order_by(localized("name"))
        if access.is_ministry(user) or countries.count() > 1:
            self.fields["country"].queryset = countries
            self.fields["country"].empty_label = _("All")
        else:
            del self.fields["country"]
        self.fields["coalition"].queryset = access.coalitions_for(user).order_by(localized("name"))
        self.fields["coalition"].empty_label = _("All")
        self.fields["period"].empty_label = _("All")
        if statuses:
            self.fields["status"].choices = (
                [("", _("All"))] + ReportStatus.choices + [(OVERDUE, _("Overdue"))]
            )
        else:
            del self.fields["status"]

    @property
    def values(self) -> dict:
        """The valid filters; an invalid one is shown as an error and ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def filter(self, queryset):
        values = self.values
        paths = {name: path for name, path in self.PATHS.items() if hasattr(queryset.model, path)}
        queryset = filter_by(queryset, values, paths)
        status = values.get("status")
        if status == OVERDUE:
            return compliance.overdue(queryset)
        return queryset.filter(status=status) if status else queryset


class ComplianceFilterForm(forms.Form):
    """The compliance matrix's period and filters: coalition, country, state."""

    period = forms.ModelChoiceField(label=_("Period"), queryset=ReportingPeriod.objects.all(), required=False)
    coalition = forms.ModelChoiceField(
        label=_("Coalition"), queryset=Coalition.objects.none(), to_field_name="slug", required=False
    )
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.none(), to_field_name="code", required=False
    )
    state = forms.ChoiceField(label=_("State"), required=False)
    obligations = forms.BooleanField(
        label=_("Show members with no obligation declared"),
        required=False,
        help_text=_("No plan line of theirs names one of the coalition's needs."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coalition"].queryset = access.coalitions_for(user).order_by(localized("name"))
        self.fields["country"].queryset = Country.objects.filter(
            id__in=access.memberships_for(user).values("country_id")
        ).order_by(localized("name"))
        for name in ("period", "coalition", "country"):
            self.fields[name].empty_label = _("All") if name != "period" else _("Current")
        states = [(key, label) for key, label in compliance.STATE_LABELS.items()] + [
            (status, label) for status, label in ReportStatus.choices
        ]
        self.fields["state"].choices = [("", _("All"))] + states

    @property
    def values(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
