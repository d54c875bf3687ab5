"""The columns, searches and counts of the reporting cycle's lists: partner and usage reports,
the review queue and the compliance matrix (the mechanism: ``config.listing``). Built per
request, so translated names sort in the user's language."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coalitions.names import localized_f
from config.listing import Column, Listing


def _reports(n):
    return ngettext("%(count)s partner report", "%(count)s partner reports", n)


def _usage(n):
    return ngettext("%(count)s usage report", "%(count)s usage reports", n)


def _waiting(n):
    return ngettext("%(count)s report waits for review", "%(count)s reports wait for review", n)


def _waiting_usage(n):
    return ngettext("%(count)s usage report waits for review", "%(count)s usage reports wait for review", n)


def _memberships(n):
    return ngettext("%(count)s country in a coalition", "%(count)s countries in coalitions", n)


def _period():
    return Column(_("Period"), "period", ("period__start", "period__kind"))


def _coalition():
    return Column(_("Coalition"), "coalition", (localized_f("coalition__name"),))


def _country():
    return Column(_("Country"), "country", (localized_f("country__name"),))


def partner_reports(params) -> Listing:
    columns = (
        _period(),
        _country(),
        _coalition(),
        Column(_("Revision"), "revision", ("revision",), numeric=True),
        Column(_("Status"), "status", ("status",)),
        Column(_("Due"), "due", ("period__due_on",)),
    )
    return Listing(params, columns, default="-period", count_text=_reports)


def usage_reports(params) -> Listing:
    columns = (
        _period(),
        _coalition(),
        Column(_("Revision"), "revision", ("revision",), numeric=True),
        Column(_("Status"), "status", ("status",)),
        Column(_("Due"), "due", ("period__due_on",)),
    )
    return Listing(params, columns, default="-period", count_text=_usage, prefix="usage_")


def review_queue(params) -> Listing:
    columns = (
        Column(_("Submitted"), "submitted", ("submitted_at", "created_at")),
        _country(),
        _coalition(),
        _period(),
        Column(_("Due"), "due", ("period__due_on",)),
        Column(_("Notes")),
    )
    return Listing(params, columns, default="submitted", count_text=_waiting)


def review_queue_usage(params) -> Listing:
    columns = (
        Column(_("Submitted"), "submitted", ("submitted_at", "created_at")),
        _coalition(),
        _period(),
        Column(_("Due"), "due", ("period__due_on",)),
        Column(_("Notes")),
    )
    return Listing(params, columns, default="submitted", count_text=_waiting_usage, prefix="usage_")


def compliance(params, *, obligations=False) -> Listing:
    """The compliance matrix; ``obligations`` adds whether each member declared an obligation."""
    coalition, country = localized_f("coalition__name"), localized_f("country__name")
    columns = (
        Column(_("Coalition"), "coalition", (coalition, country)),
        Column(_("Country"), "country", (country, coalition)),
        Column(_("State"), "state"),  # sorted in Python: the state is compliance.state's
        Column(_("Last action")),
        Column(_("By")),
        Column(_("When")),
        *([Column(_("Obligations"))] if obligations else []),
    )
    return Listing(params, columns, default="coalition", count_text=_memberships)


def _changes(n):
    return ngettext("%(count)s change", "%(count)s changes", n)


def activity(params) -> Listing:
    """The activity page: newest or oldest first (the events are read by ``reports.history``)."""
    columns = (
        Column(_("When"), "when"),
        Column(_("What")),
        Column(_("Who")),
        Column(_("Changes")),
    )
    return Listing(params, columns, default="-when", count_text=_changes)


LINES_PAGE_SIZE = 100  # delivery lines per page of a report: an import brings hundreds


def delivery_lines(params, *, editable=False) -> Listing:
    """A partner report's delivery lines, a page at a time (``lines_page``), by date or quantity."""
    columns = (
        Column(_("Commitment")),
        Column(_("Delivered on"), "delivered", ("delivered_on",)),
        Column(_("Quantity"), "quantity", ("quantity",), numeric=True),
        Column(_("Notes")),
        *([Column("")] if editable else []),
    )
    return Listing(
        params,
        columns,
        default="delivered",
        prefix="lines_",
        page_size=LINES_PAGE_SIZE,
        anchor="delivery-lines",
    )
