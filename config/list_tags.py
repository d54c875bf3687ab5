"""``{% list_head listing %}``: the column headers of a list (``config.listing``), written in
Python (the library ``portal_lists``, registered in the settings' ``TEMPLATES``).

Every list page has one; through the template engine its nine headers and their sorting hints
took ~0.5 ms, this ~0.1 ms. The markup is ``includes/list_head.html``'s, escaped as it was: the
labels and addresses, not the translated hints (constant strings of a template are safe).
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def list_head(listing):
    hints = {
        "ascending": _("sorted ascending; select to sort descending"),
        "descending": _("sorted descending; select to sort ascending"),
    }
    cells = []
    for header in listing.headers:
        numeric = " num govuk-table__header--numeric" if header.numeric else ""
        aria_sort = escape(header.aria_sort)
        sorted_by = f' aria-sort="{aria_sort}"' if aria_sort else ""
        label = escape(header.label)
        if header.url:
            modifier = f" portal-sort--{aria_sort}" if aria_sort else ""
            hint = hints.get(header.aria_sort) or _("select to sort")
            label = (
                f'<a class="govuk-link portal-sort{modifier}" href="{escape(header.url)}">{label}'
                f'<span class="govuk-visually-hidden"> ({hint})</span></a>'
            )
        cells.append(f'\n  <th scope="col" class="govuk-table__header{numeric}"{sorted_by}>{label}</th>')
    return mark_safe(
        f'<thead class="govuk-table__head"><tr class="govuk-table__row">{"".join(cells)}\n</tr></thead>'
    )
