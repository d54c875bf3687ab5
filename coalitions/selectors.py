"""Read queries of the coalition ledger: every row through ``accounts.access``."""

from collections.abc import Iterable

from django.db.models import Case, Count, F, QuerySet, When

from accounts import access
from accounts.models import User
from reports import figures

from .models import Coalition, Commitment, Membership, MembershipRole
from .names import translation_columns

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


LIST_NAMES = ("country__name", "coalition__name", "capability__name")


def commitment_list_rows(user: User) -> QuerySet[Commitment]:
    """The commitments ``user`` may read, for the commitment list to filter, sort and count;
    ``commitment_list_shown`` adds what a row shows."""
    return Commitment.objects.for_user(user)


def commitment_list_shown(rows: QuerySet[Commitment]) -> QuerySet[Commitment]:
    """What a row of the commitment list shows, and no more: the commitment's own columns; the
    names of its country, coalition and capability in every language
    (``coalitions.names.translated`` picks one as the model attribute does) and the capability's
    unit; the delivered and provisional totals the database keeps (``CommitmentTotal``;
    ``with_progress`` then asks for none). One model instance per row instead of four
    (``select_related``): about half of the time the list took to read its 50 rows."""
    names = {}
    for path in LIST_NAMES:
        names.update(translation_columns(path))
    return rows.only(
        "country", "coalition", "capability", "quantity", "status", "announced_on", "partner_reference"
    ).annotate(
        **names,
        capability_unit=F("capability__unit"),
        kept_delivered=F("totals__delivered"),
        kept_provisional=F("totals__provisional"),
    )


def with_progress(rows: Iterable[Commitment], user: User) -> list[Commitment]:
    """Delivered (approved), provisional (submitted; not for observers), remaining, fulfilment."""
    return figures.attach_progress(rows, with_provisional=not access.is_observer(user))
