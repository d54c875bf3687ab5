"""``{% commitment_rows commitments %}``: the rows of the commitment table, written in Python.

The table holds 50 rows of nine cells; through a template ``{% include %}`` per row and the
display lookups of each row (status, unit) the template engine took about two thirds of the
commitment list's time. Here each row is one string, and what repeats from row to row is
worked out once: per table the status labels, the language's number separators
(``reports.tables.number_formatter``) and each country, coalition and capability
name (the rows are ``coalitions.selectors.commitment_list_shown``'s: names in every language,
chosen as the model attribute chooses); per process each date, and each quantity with its
unit, in each language (they depend on nothing else). The markup is the table's own
(``coalitions/includes/commitment_table.html``); every text is escaped.
"""

from functools import lru_cache

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from coalitions.models import Capability, Coalition, CommitmentStatus, Country, quantity_with_unit
from coalitions.names import translated
from reports.tables import date_text, number_formatter

register = template.Library()

STATUS_TAGS = {
    CommitmentStatus.FULFILLED: " govuk-tag--green",
    CommitmentStatus.CANCELLED: " govuk-tag--grey",
    CommitmentStatus.IN_DELIVERY: " govuk-tag--teal",
    CommitmentStatus.PLEDGED: " govuk-tag--purple",
}

NAMES = (("country", Country), ("coalition", Coalition), ("capability", Capability))


def _date(language, value):
    """A date as ``date_format`` writes it in ``language`` (the active one)."""
    return date_text(language, value)


@lru_cache(maxsize=4096)
def _quantity(language, quantity, unit):
    """``quantity_with_unit`` in ``language`` (the active one), escaped."""
    return escape(quantity_with_unit(quantity, unit, number_formatter()))


def _name(names, row, kind, model):
    """The escaped name of the row's country, coalition or capability (``kind``), once per table."""
    key = (kind, getattr(row, f"{kind}_id"))
    if key not in names:
        names[key] = escape(translated(row, f"{kind}__name", model))
    return names[key]


def _progress_cells(commitment, statuses, undisclosed, number, language):
    quantity = commitment.quantity
    committed = (
        _quantity(language, quantity, commitment.capability_unit) if quantity is not None else undisclosed
    )
    delivered = number(commitment.delivered)
    if commitment.provisional:
        delivered += f' <small class="provisional">(+{number(commitment.provisional)})</small>'
    remaining = "–" if commitment.remaining is None else number(commitment.remaining)
    fulfilment = "–" if commitment.fulfilment is None else f"{round(commitment.fulfilment * 100)} %"
    status = commitment.status
    return (
        f'<td class="num">{committed}</td><td class="num">{delivered}</td>'
        f'<td class="num">{remaining}</td><td class="num">{fulfilment}</td>'
        f'<td><strong class="govuk-tag{STATUS_TAGS.get(status, "")} badge status-{escape(status)}">'
        f"{statuses.get(status, escape(status))}</strong></td>"
    )


@register.simple_tag
def commitment_rows(commitments):
    """The ``<tr>`` of each commitment (``coalitions.selectors.commitment_list_shown``'s rows, with
    ``coalitions.selectors.with_progress``'s figures)."""
    statuses = {value: escape(label) for value, label in CommitmentStatus.choices}
    undisclosed = escape(_("undisclosed"))
    detail = reverse("coalitions:commitment_detail", args=[0]).replace("/0/", "/{}/")
    number, language = number_formatter(), get_language()
    names = {}
    rows = []
    for c in commitments:
        country, coalition, capability = (_name(names, c, kind, model) for kind, model in NAMES)
        announced = _date(language, c.announced_on) if c.announced_on else ""
        reference = (
            f' <span class="govuk-hint portal-inline-hint">{escape(c.partner_reference)}</span>'
            if c.partner_reference
            else ""
        )
        rows.append(
            f"<tr><td>{country}</td><td>{coalition}</td>"
            f'<td><a href="{detail.format(c.pk)}">{capability}</a>{reference}</td>'
            f"{_progress_cells(c, statuses, undisclosed, number, language)}<td>{announced}</td></tr>"
        )
    if not rows:
        rows.append(f'<tr><td colspan="9">{escape(_("No commitments."))}</td></tr>')
    return mark_safe("\n".join(rows))
