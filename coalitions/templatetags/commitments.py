"""``{% commitment_rows commitments %}``: the rows of the commitment table, written in Python.

The table holds 50 rows of nine cells; through a template ``{% include %}`` per row and the
display lookups of each row (status, unit) the template engine took about two thirds of the
commitment list's time. Here the labels are looked up once per table and each row is one
string. The markup is the table's own (``coalitions/includes/commitment_table.html``); every
text is escaped.
"""

from django import template
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from coalitions.models import CommitmentStatus, quantity_with_unit

register = template.Library()

STATUS_TAGS = {
    CommitmentStatus.FULFILLED: " govuk-tag--green",
    CommitmentStatus.CANCELLED: " govuk-tag--grey",
    CommitmentStatus.IN_DELIVERY: " govuk-tag--teal",
    CommitmentStatus.PLEDGED: " govuk-tag--purple",
}


def _progress_cells(commitment, statuses, undisclosed):
    quantity = commitment.quantity
    committed = (
        escape(quantity_with_unit(quantity, commitment.capability.unit))
        if quantity is not None
        else undisclosed
    )
    delivered = number_format(commitment.delivered)
    if commitment.provisional:
        delivered += f' <small class="provisional">(+{number_format(commitment.provisional)})</small>'
    remaining = "–" if commitment.remaining is None else number_format(commitment.remaining)
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
    """The ``<tr>`` of each commitment (with ``coalitions.selectors.with_progress``'s figures)."""
    statuses = {value: escape(label) for value, label in CommitmentStatus.choices}
    undisclosed = escape(_("undisclosed"))
    detail = reverse("coalitions:commitment_detail", args=[0]).replace("/0/", "/{}/")
    rows = []
    for c in commitments:
        announced = date_format(c.announced_on) if c.announced_on else ""
        reference = (
            f' <span class="govuk-hint portal-inline-hint">{escape(c.partner_reference)}</span>'
            if c.partner_reference
            else ""
        )
        rows.append(
            f"<tr><td>{escape(c.country.name)}</td><td>{escape(c.coalition.name)}</td>"
            f'<td><a href="{detail.format(c.pk)}">{escape(c.capability.name)}</a>{reference}</td>'
            f"{_progress_cells(c, statuses, undisclosed)}<td>{announced}</td></tr>"
        )
    if not rows:
        rows.append(f'<tr><td colspan="9">{escape(_("No commitments."))}</td></tr>')
    return mark_safe("\n".join(rows))
