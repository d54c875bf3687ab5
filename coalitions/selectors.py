"""Read queries of the coalition ledger: every row through ``accounts.access``."""

from collections.abc import Iterable

from django.db.models import Case, Count, QuerySet, When

from accounts import access
from accounts.models import User
from reports import figures

from .models import Coalition, Commitment, Membership, MembershipRole

ROLE_ORDER = Case(*(When(role=role, then=n) for n, role in enumerate(MembershipRole.values)))


def coalition_list(user: User) -> QuerySet[Coalition]:
    """The coalitions ``user`` may see, with their number of members."""
    return access.coalitions_for(user).annotate(member_count=Count("memberships"))


def coalition_memberships(coalition: Coalition) -> QuerySet[Membership]:
    """The members of a coalition the caller may see: leads first, then by country."""
    return coalition.memberships.select_related("country").order_by(ROLE_ORDER, "country__name")


def commitments(user: User) -> QuerySet[Commitment]:
    """The commitments ``user`` may read, with what every list row shows."""
    return Commitment.objects.for_user(user).select_related("country", "coalition", "capability")


def with_progress(rows: Iterable[Commitment], user: User) -> list[Commitment]:
    """Delivered (approved), provisional (submitted; not for observers), remaining, fulfilment."""
    return figures.attach_progress(rows, with_provisional=not access.is_observer(user))
