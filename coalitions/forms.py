from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts import access
from config.listing import filter_by
from reports import checks, periods
from reports.filters import SELECT, quarter_choices

from .models import Capability, Category, Coalition, Commitment, CommitmentStatus, Country, Membership
from .names import localized

ALL = [("", _("All"))]


def _offer(field, queryset):
    """Offer the rows of ``queryset`` as the choices of ``field`` (a model choice field), after
    "All": read once, where the field's own choices read them again at every rendering, through
    a server-side cursor (three round trips)."""
    field.queryset = queryset
    field.choices = ALL + [(field.prepare_value(row), field.label_from_instance(row)) for row in queryset]


class CommitmentFilterForm(forms.Form):
    """Filters and search of the commitment list, read from the query string. The country is
    offered to users who see more than one; every choice comes from what the user may see."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Capability, partner reference or notes"),
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.none(),
        to_field_name="code",
        required=False,
        widget=SELECT,
    )
    coalition = forms.ModelChoiceField(
        label=_("Coalition"),
        queryset=Coalition.objects.none(),
        to_field_name="slug",
        required=False,
        widget=SELECT,
    )
    category = forms.ChoiceField(
        label=_("Capability category"), choices=ALL + Category.choices, required=False, widget=SELECT
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ALL + CommitmentStatus.choices, required=False, widget=SELECT
    )
    period = forms.ChoiceField(label=_("Announced in"), required=False, widget=SELECT)

    PATHS = {
        "country": "country",
        "coalition": "coalition",
        "category": "capability__category",
        "status": "status",
    }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        countries = []
        if not access.reads_one_country_at_most(user, Commitment.scope):
            visible = Commitment.objects.for_user(user).values("country_id")
            countries = Country.objects.filter(id__in=visible).order_by(localized("name"))
        if access.is_ministry(user) or len(countries) > 1:
            _offer(self.fields["country"], countries)
        else:
            del self.fields["country"]
        _offer(self.fields["coalition"], access.coalitions_for(user).order_by(localized("name")))
        self.fields["period"].choices = [("", _("Any time"))] + quarter_choices()[1:]

    def filter(self, queryset):
        """Apply every filter that is valid; invalid ones are shown as errors and ignored."""
        self.is_valid()
        data = self.cleaned_data
        queryset = filter_by(queryset, data, self.PATHS)
        if data.get("period"):
            start = periods.quarter_index(data["period"])
            queryset = queryset.filter(
                announced_on__gte=periods.quarter_start(start),
                announced_on__lt=periods.quarter_start(start + 1),
            )
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
