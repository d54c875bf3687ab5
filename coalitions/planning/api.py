"""API routes of planning (read only): roadmap versions with their milestones, milestones with
their progress updates, calls for contributions with the responses the caller may see, and a
coalition's needs board.

Every row comes through ``accounts.access`` (the models' scopes) and this app's ``selectors``,
as on the pages: drafts of a roadmap only for its lead countries and the ministry; the
board's per-country breakdown only where ``access.breakdown_country_ids`` allows; the board
itself for partners and the ministry (``access.may_read_needs_board``), as its page.
"""

from collections import defaultdict

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from accounts import access
from accounts.apikit import ApiView, ReadResource

from . import selectors
from .forms import BoardFilterForm
from .models import CLOSED, CallForContributions, Milestone, MilestoneUpdate, RoadmapVersion

# --- Milestones and their progress --------------------------------------------------------


class MilestoneUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = MilestoneUpdate
        fields = ["id", "on", "status", "note"]


def attach_progress(user, milestones, today=None):
    """Each milestone's ``updates_list`` (every update on the same milestone key in its roadmap
    up to its version, newest first, as ``selectors.milestones``), ``current_status`` and
    ``is_overdue``: one query for the whole page."""
    today = today or timezone.localdate()
    if not milestones:
        return milestones
    roadmaps = {m.version.roadmap_id for m in milestones}
    updates = defaultdict(list)
    rows = (
        MilestoneUpdate.objects.for_user(user)
        .filter(
            milestone__version__roadmap_id__in=roadmaps,
            milestone__key__in={m.key for m in milestones},
        )
        .select_related("milestone__version")
        .order_by("-on", "-id")
    )
    for update in rows:
        updates[(update.milestone.version.roadmap_id, update.milestone.key)].append(update)
    for milestone in milestones:
        milestone.updates_list = [
            u
            for u in updates[(milestone.version.roadmap_id, milestone.key)]
            if u.milestone.version.number <= milestone.version.number
        ]
        latest = milestone.updates_list[0] if milestone.updates_list else None
        milestone.current_status = latest.status if latest else milestone.status
        milestone.is_overdue = milestone.due_on < today and milestone.current_status not in CLOSED
    return milestones


class MilestoneList(serializers.ListSerializer):
    def to_representation(self, data):
        rows = list(data.all() if hasattr(data, "all") else data)
        attach_progress(self.context["request"].user, rows)
        return super().to_representation(rows)


class MilestoneSerializer(serializers.ModelSerializer):
    coalition = serializers.CharField(source="version.roadmap.coalition.slug", read_only=True)
    roadmap_version = serializers.IntegerField(source="version.number", read_only=True)
    version_status = serializers.CharField(source="version.status", read_only=True)
    owner = serializers.CharField(source="owner.code", read_only=True)
    due = serializers.CharField(source="due_label", read_only=True)
    current_status = serializers.CharField(
        read_only=True, help_text="The latest update's status, else status."
    )
    is_overdue = serializers.BooleanField(read_only=True)
    updates = MilestoneUpdateSerializer(source="updates_list", many=True, read_only=True)

    class Meta:
        model = Milestone
        list_serializer_class = MilestoneList
        fields = [
            "id",
            "coalition",
            "roadmap_version",
            "version_status",
            "key",
            "title",
            "description",
            "owner",
            "due_on",
            "due_is_quarter",
            "due",
            "status",
            "current_status",
            "is_overdue",
            "updates",
        ]

    def to_representation(self, instance):
        if not hasattr(instance, "updates_list"):
            attach_progress(self.context["request"].user, [instance])
        return super().to_representation(instance)


def milestones(user):
    return Milestone.objects.for_user(user).select_related("owner", "version__roadmap__coalition")


MILESTONES = ReadResource(
    "milestones",
    milestones,
    MilestoneSerializer,
    filters={
        "coalition": "version__roadmap__coalition__slug",
        "roadmap_version": "version__number",
        "version_status": "version__status",
        "owner": "owner__code",
        "status": "status",
    },
)


# --- Roadmap versions ----------------------------------------------------------------------


class RoadmapVersionSerializer(serializers.ModelSerializer):
    coalition = serializers.CharField(source="roadmap.coalition.slug", read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = RoadmapVersion
        fields = [
            "id",
            "coalition",
            "number",
            "status",
            "objectives",
            "created_at",
            "approved_at",
            "milestones",
        ]


def roadmap_versions(user):
    """Approved versions for every reader of the coalition; drafts for its leads and the ministry
    (``RoadmapVersion.scope``), with their milestones."""
    return (
        RoadmapVersion.objects.for_user(user)
        .select_related("roadmap__coalition")
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.select_related("owner", "version__roadmap__coalition").order_by(
                    "due_on", "key"
                ),
            )
        )
    )


ROADMAP_VERSIONS = ReadResource(
    "roadmap-versions",
    roadmap_versions,
    RoadmapVersionSerializer,
    filters={"coalition": "roadmap__coalition__slug", "status": "status", "number": "number"},
)


# --- Calls for contributions ---------------------------------------------------------------


class CallResponseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    country = serializers.CharField(source="country.code")
    commitment = serializers.IntegerField(source="commitment_id")
    quantity = serializers.IntegerField(allow_null=True)
    responded_at = serializers.DateTimeField()


class CallSerializer(serializers.ModelSerializer):
    coalition = serializers.CharField(source="coalition.slug", read_only=True)
    capability = serializers.CharField(source="need.capability.code", read_only=True)
    period = serializers.CharField(source="need.period_label", read_only=True)
    is_open = serializers.BooleanField(read_only=True)
    responses = CallResponseSerializer(
        source="visible_responses",
        many=True,
        read_only=True,
        help_text="The responses you may see: your own countries'; the leads' and the ministry's all.",
    )

    class Meta:
        model = CallForContributions
        fields = [
            "id",
            "coalition",
            "need",
            "capability",
            "period",
            "message",
            "gap",
            "sent_at",
            "closed_at",
            "is_open",
            "responses",
        ]


CALLS = ReadResource(
    "calls",
    selectors.calls,
    CallSerializer,
    filters={"coalition": "coalition__slug", "need": "need_id", "capability": "need__capability__code"},
)


# --- The needs board -----------------------------------------------------------------------


class ShareSerializer(serializers.Serializer):
    country = serializers.CharField()
    planned = serializers.IntegerField()
    delivered = serializers.IntegerField()


class CellSerializer(serializers.Serializer):
    need = serializers.IntegerField(source="need.pk")
    capability = serializers.CharField(source="need.capability.code")
    unit = serializers.CharField(source="need.capability.unit")
    period = serializers.CharField(source="need.period_label")
    priority = serializers.CharField(source="need.priority")
    status = serializers.CharField(source="need.status")
    needed = serializers.IntegerField()
    planned = serializers.IntegerField()
    delivered = serializers.IntegerField()
    gap = serializers.IntegerField()
    is_uncovered = serializers.BooleanField()
    is_urgent = serializers.BooleanField()
    open_call = serializers.IntegerField(source="open_call.pk", allow_null=True, default=None)
    breakdown = ShareSerializer(source="shares", many=True, help_text="Per country: only those you may see.")
    hidden_countries = serializers.IntegerField(
        source="hidden_shares", help_text="Countries that plan or deliver whose part you may not see."
    )


class BoardSerializer(serializers.Serializer):
    coalition = serializers.CharField()
    breakdown_complete = serializers.BooleanField(
        help_text="true: every country's part is listed (the ministry, the coalition's leads)."
    )
    cells = CellSerializer(many=True)


BOARD_PARAMETERS = [
    OpenApiParameter(name, str, required=False, description=str(BoardFilterForm.base_fields[name].label))
    for name in BoardFilterForm.base_fields
]


class NeedsBoard(ApiView):
    """A coalition's needs board, as its page: per need the quantity needed, planned and
    delivered by the members, the gap, and the per-country breakdown you may see."""

    filter_backends = []
    serializer_class = BoardSerializer

    @extend_schema(parameters=BOARD_PARAMETERS, responses={200: BoardSerializer})
    def get(self, request, slug):
        access.require(access.may_read_needs_board, request.user)
        coalition = get_object_or_404(access.coalitions_for(request.user), slug=slug)
        form = BoardFilterForm(request.query_params)
        unknown = sorted(set(request.query_params) - set(form.fields))
        if unknown:
            known = ", ".join(form.fields)
            raise exceptions.ValidationError(
                {name: [_("Unknown parameter; use: %s.") % known] for name in unknown}
            )
        if not form.is_valid():
            raise exceptions.ValidationError({name: list(errors) for name, errors in form.errors.items()})
        cells = selectors.needs_board(request.user, coalition, form.cleaned_data)
        body = {
            "coalition": coalition.slug,
            "breakdown_complete": access.breakdown_country_ids(request.user, coalition) is None,
            "cells": cells,
        }
        return Response(BoardSerializer(body).data)


urlpatterns = [
    *ROADMAP_VERSIONS.urls(),
    *MILESTONES.urls(),
    *CALLS.urls(),
    path("coalitions/<slug:slug>/needs-board/", NeedsBoard.as_view(), name="needs-board"),
]
