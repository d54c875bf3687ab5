"""The commitment list's columns, search and count (the mechanism: ``config.listing``)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.listing import Column, Listing

from .names import localized_f


def commitment_columns():
    """Built per request: translated names sort in the active language."""
    return (
        Column(_("Country"), "country", (localized_f("country__name"),)),
        Column(_("Coalition"), "coalition", (localized_f("coalition__name"),)),
        Column(_("Capability"), "capability", (localized_f("capability__name"),)),
        Column(_("Committed"), "quantity", ("quantity",), numeric=True),
        Column(_("Delivered"), numeric=True),
        Column(_("Remaining"), numeric=True),
        Column(_("Fulfilment"), numeric=True),
        Column(_("Status"), "status", ("status",)),
        Column(_("Announced"), "announced", ("announced_on",)),
    )


COMMITMENT_SEARCH = (
    "capability__name_en",
    "capability__name_uk",
    "capability__code",
    "partner_reference",
    "notes",
)


def commitment_count(n):
    return ngettext("%(count)s commitment", "%(count)s commitments", n)


def commitment_listing(params) -> Listing:
    return Listing(
        params,
        commitment_columns(),
        default="-announced",
        search_fields=COMMITMENT_SEARCH,
        count_text=commitment_count,
    )
