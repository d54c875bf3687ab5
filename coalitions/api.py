"""API routes of the coalition ledger: coalitions, memberships, capabilities, needs (read) and
commitments (read; create and update for the caller's own countries).

Rows come through ``accounts.access`` (via ``selectors``); writes go through ``services``
after the same form the pages use (``CommitmentForm``: every rule of a commitment, once).
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from accounts import access
from accounts.apikit import (
    ReadResource,
    StrictCharField,
    StrictDateField,
    StrictIntegerField,
    StrictSerializer,
    validated,
)

from . import selectors, services
from .forms import CommitmentCreateForm, CommitmentForm
from .models import Capability, Coalition, Commitment, CommitmentStatus, Membership, Need, Source


class CoalitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Coalition
        fields = ["id", "slug", "name", "description", "launched_on", "cadence"]


class MembershipSerializer(serializers.ModelSerializer):
    coalition = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "coalition", "country", "role", "joined_on", "ended_on", "cadence"]


class CapabilitySerializer(serializers.ModelSerializer):
    coalition = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Capability
        fields = ["id", "code", "name", "coalition", "category", "unit"]


class NeedSerializer(serializers.ModelSerializer):
    coalition = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    capability = serializers.SlugRelatedField(slug_field="code", read_only=True)
    period = serializers.CharField(source="period_label", read_only=True)

    class Meta:
        model = Need
        fields = ["id", "coalition", "capability", "period", "year", "quarter", "quantity", "priority"]


class CommitmentSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    coalition = serializers.CharField(source="coalition.slug", read_only=True)
    capability = serializers.CharField(source="capability.code", read_only=True)
    unit = serializers.CharField(source="capability.unit", read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "country",
            "coalition",
            "capability",
            "unit",
            "quantity",
            "value_eur",
            "source",
            "status",
            "announced_on",
            "partner_reference",
            "notes",
            "origin",
            "version",
            "updated_at",
        ]


def coalitions(user):
    return access.coalitions_for(user).order_by("id")


def memberships(user):
    return Membership.objects.filter(coalition__in=access.coalitions_for(user)).select_related(
        "coalition", "country"
    )


def capabilities(user):
    return Capability.objects.filter(coalition__in=access.coalitions_for(user)).select_related("coalition")


def needs(user):
    return Need.objects.filter(coalition__in=access.coalitions_for(user)).select_related(
        "coalition", "capability"
    )


COALITIONS = ReadResource("coalitions", coalitions, CoalitionSerializer, filters={"slug": "slug"})
MEMBERSHIPS = ReadResource(
    "memberships",
    memberships,
    MembershipSerializer,
    filters={"coalition": "coalition__slug", "country": "country__code", "role": "role"},
)
CAPABILITIES = ReadResource(
    "capabilities",
    capabilities,
    CapabilitySerializer,
    filters={"coalition": "coalition__slug", "code": "code", "category": "category", "unit": "unit"},
)
NEEDS = ReadResource(
    "needs",
    needs,
    NeedSerializer,
    filters={
        "coalition": "coalition__slug",
        "capability": "capability__code",
        "year": "year",
        "quarter": "quarter",
    },
)


# --- Writing commitments -----------------------------------------------------------------


# The statuses a commitment may be given (cancelling is its own action, with a reason).
WRITABLE_STATUSES = [c for c in CommitmentStatus.choices if c[0] != CommitmentStatus.CANCELLED]


class CommitmentFields(StrictSerializer):
    capability = StrictIntegerField(help_text="Capability id (GET /api/v1/capabilities/).")
    quantity = StrictIntegerField(allow_null=True, help_text="null: the quantity is undisclosed.")
    value_eur = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True, required=False)
    source = serializers.ChoiceField(choices=Source.choices, required=False)
    status = serializers.ChoiceField(choices=WRITABLE_STATUSES, required=False)
    announced_on = StrictDateField(allow_null=True, required=False)
    partner_reference = StrictCharField(max_length=100, allow_blank=True, required=False)
    notes = StrictCharField(allow_blank=True, required=False)


class CommitmentCreate(CommitmentFields):
    country = StrictIntegerField(help_text="Country id: one you report for.")
    coalition = StrictIntegerField(help_text="Coalition id: one your country belongs to.")


class CommitmentUpdate(CommitmentFields):
    version = StrictIntegerField(help_text="The version you read; a stale one is refused with 409.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = name == "version"


FORM_DEFAULTS = {"source": Source.STOCKS, "status": CommitmentStatus.COMMITTED}


def _form_data(values: dict) -> dict:
    """The page form's POST data for ``values`` (None → empty, quantity None → undisclosed)."""
    data = {name: "" if value is None else value for name, value in values.items()}
    if "quantity" in values:
        data["undisclosed"] = "on" if values["quantity"] is None else ""
    return data


def _checked(form):
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    return form


class CommitmentCreating:
    """POST on the commitment list: a new commitment of a country the caller reports for."""

    @extend_schema(
        request=CommitmentCreate,
        responses={201: CommitmentSerializer},
        description="A new commitment of a country you report for (the commitment form's rules).",
    )
    def post(self, request):
        values = FORM_DEFAULTS | validated(CommitmentCreate, request.data)
        form = _checked(CommitmentCreateForm(_form_data(values), user=request.user))
        commitment = services.commitment_create(data=form.commitment_data())
        row = selectors.commitments(request.user).get(pk=commitment.pk)
        return Response(CommitmentSerializer(row).data, status=status.HTTP_201_CREATED)


class CommitmentUpdating:
    """PATCH on a commitment: change the fields given, at the version read (409 if stale)."""

    @extend_schema(
        request=CommitmentUpdate,
        responses={200: CommitmentSerializer},
        description="Change the fields given, at the version you read (409 if it moved on).",
    )
    def patch(self, request, pk):
        commitment = get_object_or_404(selectors.commitments(request.user), pk=pk)
        access.require(access.may_change, request.user, commitment)
        values = dict(validated(CommitmentUpdate, request.data))
        version = values.pop("version")
        if commitment.is_cancelled:
            raise ValidationError(_("A cancelled commitment cannot be changed."))
        current = {name: getattr(commitment, name) for name in CommitmentFields().fields}
        current["capability"] = commitment.capability_id
        form = _checked(
            CommitmentForm(
                _form_data(current | values | {"version": version}), instance=commitment, user=request.user
            )
        )
        services.commitment_update(commitment=commitment, data=form.commitment_data(), version=version)
        return Response(CommitmentSerializer(selectors.commitments(request.user).get(pk=pk)).data)


COMMITMENTS = ReadResource(
    "commitments",
    selectors.commitments,
    CommitmentSerializer,
    filters={
        "coalition": "coalition__slug",
        "country": "country__code",
        "capability": "capability__code",
        "status": "status",
        "source": "source",
        "partner_reference": "partner_reference",
    },
    create=CommitmentCreating,
    update=CommitmentUpdating,
)

urlpatterns = [
    *COALITIONS.urls(),
    *MEMBERSHIPS.urls(),
    *CAPABILITIES.urls(),
    *NEEDS.urls(),
    *COMMITMENTS.urls(),
]
