from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import access
from coalitions.models import Capability, Coalition, Country
from reports.forms import DateInput, VersionedForm

from .models import JointVenture, Stage, TrainingProgramme, TrainingThroughput, VentureCapacity, VentureOutput
from .regions import Oblast


class CapabilityField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_unit_display()})"


def _own_countries(user):
    return Country.objects.filter(pk__in=access.editable_country_ids(user))


class VentureForm(forms.ModelForm):
    """A new venture: country and coalition are chosen once, the first stage with its date."""

    oblast = forms.ChoiceField(
        label=_("Region (oblast)"),
        choices=[("", _("Choose an oblast"))] + Oblast.choices,
        help_text=_("Oblast level only: never a town, street or coordinates."),
    )

    class Meta:
        model = JointVenture
        fields = [
            "country",
            "coalition",
            "name",
            "partner_company",
            "ukrainian_partner",
            "kind",
            "oblast",
            "stage",
            "stage_since",
            "notes",
        ]
        widgets = {"stage_since": DateInput, "notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"stage_since": _("Date the stage began")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = _own_countries(user)
        self.fields["coalition"].queryset = access.coalitions_for(user)

    def data_for_service(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class VentureEditForm(VersionedForm):
    oblast = VentureForm.base_fields["oblast"]

    class Meta:
        model = JointVenture
        fields = ["name", "partner_company", "ukrainian_partner", "kind", "oblast", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def data_for_service(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    on = forms.DateField(label=_("Date the stage began"), widget=DateInput)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when going back to an earlier stage."),
    )


class CapacityForm(forms.ModelForm):
    capability = CapabilityField(label=_("Capability"), queryset=Capability.objects.none())
    monthly_capacity = forms.IntegerField(label=_("Monthly capacity"), min_value=1)

    class Meta:
        model = VentureCapacity
        fields = ["capability", "monthly_capacity"]

    def __init__(self, *args, venture, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capability"].queryset = Capability.objects.filter(coalition_id=venture.coalition_id)


class ProgrammeForm(forms.ModelForm):
    capability = CapabilityField(label=_("Capability"), queryset=Capability.objects.none(), required=False)

    class Meta:
        model = TrainingProgramme
        fields = [
            "country",
            "coalition",
            "course",
            "capability",
            "host_country",
            "site",
            "starts_on",
            "planned_per_period",
            "instructors",
            "status",
            "notes",
        ]
        widgets = {"starts_on": DateInput, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = _own_countries(user)
        self.fields["coalition"].queryset = access.coalitions_for(user)
        self.fields["capability"].queryset = Capability.objects.filter(
            coalition__in=access.coalitions_for(user)
        ).select_related("coalition")
        self.fields["host_country"].queryset = Country.objects.all()

    def data_for_service(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ProgrammeEditForm(VersionedForm):
    capability = CapabilityField(label=_("Capability"), queryset=Capability.objects.none(), required=False)

    class Meta:
        model = TrainingProgramme
        fields = [
            "course",
            "capability",
            "host_country",
            "site",
            "starts_on",
            "planned_per_period",
            "instructors",
            "status",
            "status_reason",
            "notes",
        ]
        widgets = {
            "starts_on": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "status_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"status_reason": _("Required when going back to an earlier status.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capability"].queryset = Capability.objects.filter(
            coalition_id=self.instance.coalition_id
        )
        self.fields["host_country"].queryset = Country.objects.all()

    def data_for_service(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class OutputLineForm(VersionedForm):
    """A venture output line of a partner report."""

    capability = CapabilityField(label=_("Capability"), queryset=Capability.objects.none())
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)

    class Meta:
        model = VentureOutput
        fields = ["venture", "capability", "quantity", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, report, user, **kwargs):
        kwargs.setdefault("auto_id", "output_%s")  # beside the delivery and plan forms: no duplicate ids
        super().__init__(*args, **kwargs)
        self.fields["venture"].queryset = JointVenture.objects.editable_by(user).filter(
            country_id=report.country_id, coalition_id=report.coalition_id
        )
        self.fields["capability"].queryset = Capability.objects.filter(coalition_id=report.coalition_id)
        self.fields["quantity"].help_text = _(
            "Produced, maintained or repaired (the venture's kind) in %(period)s."
        ) % {"period": report.period.label}


class TrainingLineForm(VersionedForm):
    """A training throughput line of a partner report."""

    started = forms.IntegerField(label=_("Trainees who started"), min_value=0, initial=0)
    completed = forms.IntegerField(label=_("Trainees who completed"), min_value=0, initial=0)

    class Meta:
        model = TrainingThroughput
        fields = ["programme", "started", "completed", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, report, user, **kwargs):
        kwargs.setdefault("auto_id", "training_%s")
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = TrainingProgramme.objects.editable_by(user).filter(
            country_id=report.country_id, coalition_id=report.coalition_id
        )


class VentureFilterForm(forms.Form):
    coalition = forms.ModelChoiceField(
        label=_("Coalition"), queryset=Coalition.objects.none(), to_field_name="slug", required=False
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=[("", _("All"))] + Stage.choices, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coalition"].queryset = access.coalitions_for(user)
        self.fields["coalition"].empty_label = _("All")

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.none()
        if self.cleaned_data.get("coalition"):
            queryset = queryset.filter(coalition=self.cleaned_data["coalition"])
        if self.cleaned_data.get("stage"):
            queryset = queryset.filter(stage=self.cleaned_data["stage"])
        return queryset
