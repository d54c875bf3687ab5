from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts import access
from reports import checks, periods

from .models import Capability, Category, Coalition, Commitment, CommitmentStatus, Country, Membership

ALL = [("", _("All"))]


class CommitmentFilterForm(forms.Form):
    """Filters of the commitment list, read from the query string."""

    coalition = forms.ModelChoiceField(
        label=_("Coalition"), queryset=Coalition.objects.none(), to_field_name="slug", required=False
    )
    category = forms.ChoiceField(
        label=_("Capability category"), choices=ALL + Category.choices, required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=ALL + CommitmentStatus.choices, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coalition"].queryset = access.coalitions_for(user)
        self.fields["coalition"].empty_label = _("All")

    def filter(self, queryset):
        """Apply every filter that is valid; invalid ones are shown as errors and ignored."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("coalition"):
            queryset = queryset.filter(coalition=data["coalition"])
        if data.get("category"):
            queryset = queryset.filter(capability__category=data["category"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        return queryset


class CapabilityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.coalition.name}: {obj.name} ({obj.get_unit_display()})"


class CommitmentForm(forms.ModelForm):
    """Edit a commitment: its country and coalition stay as they were created."""

    quantity = forms.IntegerField(
        label=capfirst(Commitment._meta.get_field("quantity").verbose_name),
        min_value=1,
        required=False,
        help_text=Commitment._meta.get_field("quantity").help_text,
    )
    undisclosed = forms.BooleanField(label=_("Quantity undisclosed"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Commitment
        fields = [
            "capability",
            "quantity",
            "undisclosed",
            "value_eur",
            "source",
            "status",
            "announced_on",
            "partner_reference",
            "notes",
        ]
        field_classes = {"capability": CapabilityChoiceField}
        widgets = {"announced_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["announced_on"].validators += periods.PLACEABLE
        self.fields["status"].choices = [
            choice for choice in CommitmentStatus.choices if choice[0] != CommitmentStatus.CANCELLED
        ]
        if self.instance.pk:
            self.fields["capability"].queryset = self.capabilities(coalitions=[self.instance.coalition_id])
            self.initial["undisclosed"] = self.instance.quantity is None
            self.initial["version"] = self.instance.version

    @staticmethod
    def capabilities(coalitions):
        return Capability.objects.filter(coalition__in=coalitions).select_related("coalition")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("undisclosed") and cleaned.get("quantity") is not None:
            # data check ``undisclosed_with_quantity``: nothing is dropped silently
            self.add_error("quantity", checks.UNDISCLOSED_WITH_QUANTITY.message)
        elif (
            not cleaned.get("undisclosed")
            and cleaned.get("quantity") is None
            and "quantity" not in self.errors
        ):
            self.add_error("quantity", _("Enter a quantity or tick “Quantity undisclosed”."))
        return cleaned

    def commitment_data(self):
        """The model fields to hand to the services."""
        return {name: self.cleaned_data[name] for name in self._meta.fields if name != "undisclosed"}

    def add_error(self, field, error):
        """Errors the model raises about fields this form does not show go above the form."""
        if field is None and hasattr(error, "error_dict"):
            shown = {}
            for name, errors in error.error_dict.items():
                shown.setdefault(name if name in self.fields else NON_FIELD_ERRORS, []).extend(errors)
            error = ValidationError(shown)
        super().add_error(field, error)


class CommitmentCreateForm(CommitmentForm):
    """A new commitment: the country is one the user edits, the coalition one it belongs to."""

    version = None

    class Meta(CommitmentForm.Meta):
        fields = ["country", "coalition", *CommitmentForm.Meta.fields]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        countries = Country.objects.filter(id__in=access.editable_country_ids(user))
        coalition_ids = Membership.objects.filter(country__in=countries).values("coalition_id")
        self.fields["country"].queryset = countries
        self.fields["coalition"].queryset = Coalition.objects.filter(id__in=coalition_ids)
        self.fields["capability"].queryset = self.capabilities(coalitions=coalition_ids)
        if len(ids := access.editable_country_ids(user)) == 1:
            self.initial["country"] = ids[0]


class CommitmentCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)
