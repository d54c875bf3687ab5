"""Delivered figures: only approved revisions count (provisional ones are shown apart)."""

from django.db.models import Exists, OuterRef, Sum

from .models import DeliveryLine, PartnerReport, ReportStatus
from .workflow import COUNTED


def counted_reports():
    """For each country × coalition × period, the latest revision that was approved.

    That is the approved revision, or — while a reopened report's new revision is not yet
    approved — the superseded one it replaces.
    """
    newer = PartnerReport.objects.filter(
        country=OuterRef("country"),
        coalition=OuterRef("coalition"),
        period=OuterRef("period"),
        revision__gt=OuterRef("revision"),
        status__in=COUNTED,
    )
    return PartnerReport.objects.filter(status__in=COUNTED).filter(~Exists(newer))


def counted_deliveries(lines=None):
    """The delivery lines (of ``lines``, default all) that count in the figures."""
    lines = DeliveryLine.objects.all() if lines is None else lines
    return lines.filter(report__in=counted_reports())


def _sum_by_commitment(lines, commitments):
    rows = lines.filter(commitment__in=commitments).values("commitment").annotate(total=Sum("quantity"))
    return {row["commitment"]: row["total"] for row in rows}


def delivered_to_date(commitments):
    """Approved delivered quantity per commitment id (commitments: ids or a queryset)."""
    return _sum_by_commitment(counted_deliveries(), commitments)


def provisional(commitments):
    """Quantity in submitted, not yet approved reports, per commitment id."""
    lines = DeliveryLine.objects.filter(report__status=ReportStatus.SUBMITTED)
    return _sum_by_commitment(lines, commitments)


def attach_progress(commitments, *, with_provisional=True):
    """Set delivered, provisional, remaining and fulfilment on each commitment (two queries).

    Observers read approved figures only: pass ``with_provisional=False`` for them.
    """
    commitments = list(commitments)
    ids = [c.pk for c in commitments]
    delivered = delivered_to_date(ids)
    pending = provisional(ids) if with_provisional else {}
    for commitment in commitments:
        commitment.delivered = delivered.get(commitment.pk, 0)
        commitment.provisional = pending.get(commitment.pk, 0)
        quantity = commitment.quantity
        commitment.remaining = None if quantity is None else max(quantity - commitment.delivered, 0)
        commitment.fulfilment = commitment.delivered / quantity if quantity else None
    return commitments


def progress(commitments):
    """Rows of (commitment, committed, delivered to date, remaining) for a report page."""
    return [
        {"commitment": c, "delivered": c.delivered, "remaining": c.remaining}
        for c in attach_progress(commitments, with_provisional=False)
    ]
