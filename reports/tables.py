"""The figure tables (per capability, per quarter, per country) as accessible HTML.

Like the charts, the markup is written here rather than in a template: the tables of the
full dashboard hold ~1,500 cells, which the template engine took ~11 ms to render and this
takes ~1 ms. Every text is escaped; counts are integers; percentages are localised.
"""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import dateformat, numberformat, translation
from django.utils.formats import get_format, number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Column:
    header: str
    cell: object  # a function of (row, texts) returning the cell's escaped HTML
    numeric: bool = False
    row_header: bool = False


def _text(name):
    return lambda row, texts: escape(getattr(row, name))


def _count(name):
    return lambda row, texts: number_format(getattr(row, name))


def _percent(name):
    def cell(row, texts):
        value = getattr(row, name)
        return "—" if value is None else f"{number_format(value)} %"

    return cell


def _committed(row, texts):
    if not row.undisclosed:
        return number_format(row.committed)
    title = f' title="{texts["undisclosed_title"]}"' if texts.get("undisclosed_title") else ""
    committed, undisclosed = number_format(row.committed), number_format(row.undisclosed)
    return f'{committed} <span class="badge"{title}>+{undisclosed} {texts["undisclosed"]}</span>'


NEEDED = Column(gettext_lazy("Needed"), _count("needed"), numeric=True)
COMMITTED = Column(gettext_lazy("Committed"), _committed, numeric=True)
PLANNED = Column(gettext_lazy("Planned"), _count("planned"), numeric=True)
DELIVERED = Column(gettext_lazy("Delivered (approved)"), _count("delivered"), numeric=True)
DELIVERED_TO_DATE = Column(
    gettext_lazy("Delivered to the end of the range"), _count("delivered_to_date"), numeric=True
)
PROVISIONAL = Column(gettext_lazy("Provisional (submitted)"), _count("provisional"), numeric=True)
USED = Column(gettext_lazy("Used"), _count("used"), numeric=True)
FULFILMENT = Column(gettext_lazy("Fulfilment"), _percent("fulfilment_percent"), numeric=True)

COVERAGE = Column(gettext_lazy("Coverage"), _percent("coverage_percent"), numeric=True)
UNIT = Column(gettext_lazy("Unit"), _text("unit"))

MEASURES = (NEEDED, COMMITTED, DELIVERED, PROVISIONAL, USED, PLANNED)

CAPABILITY_COLUMNS = (
    Column(gettext_lazy("Coalition"), _text("coalition")),
    Column(gettext_lazy("Capability"), _text("label"), row_header=True),
    UNIT,
    *MEASURES,
    DELIVERED_TO_DATE,
    COVERAGE,
    FULFILMENT,
)
TOTAL_COLUMNS = (
    Column(gettext_lazy("Total"), _text("label"), row_header=True),
    UNIT,
    *MEASURES,
    DELIVERED_TO_DATE,
    COVERAGE,
    FULFILMENT,
)
TREND_COLUMNS = (
    Column(gettext_lazy("Quarter"), _text("label"), row_header=True),
    UNIT,
    *MEASURES,
    DELIVERED_TO_DATE,
    FULFILMENT,
)
COUNTRY_COLUMNS = (
    Column(gettext_lazy("Country"), _text("label"), row_header=True),
    UNIT,
    COMMITTED,
    DELIVERED,
    PROVISIONAL,
    DELIVERED_TO_DATE,
    FULFILMENT,
)


def table(caption, columns, rows, empty, *, explain_undisclosed=False):
    """A ``<table>`` of ``rows`` (``figures.Row``) with a caption and one header row.

    ``empty`` is the sentence shown when there are no rows; ``explain_undisclosed`` adds
    a tooltip to the badge of commitments with an undisclosed quantity.
    """
    texts = {"undisclosed": escape(_("undisclosed"))}
    if explain_undisclosed:
        texts["undisclosed_title"] = escape(_("commitments with an undisclosed quantity count as 0"))
    head = "".join(f'<th scope="col"{_num(column)}>{escape(column.header)}</th>' for column in columns)
    body = "\n".join(f"<tr>{_cells(columns, row, texts)}</tr>" for row in rows)
    if not body:
        body = f'<tr><td colspan="{len(columns)}">{escape(empty)}</td></tr>'
    return mark_safe(
        f"<table>\n<caption>{escape(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n"
        f"<tbody>\n{body}\n</tbody>\n</table>"
    )


def _num(column):
    return ' class="num"' if column.numeric else ""


def _cells(columns, row, texts):
    cells = []
    for column in columns:
        tag = "th" if column.row_header else "td"
        scope = ' scope="row"' if column.row_header else ""
        cells.append(f"<{tag}{scope}{_num(column)}>{column.cell(row, texts)}</{tag}>")
    return "".join(cells)


def capability_table(rows, caption):
    return table(
        caption, CAPABILITY_COLUMNS, rows, _("No figures for these filters."), explain_undisclosed=True
    )


def total_table(rows):
    caption = _("All capabilities in view, per unit (quantities in different units are never added)")
    return table(caption, TOTAL_COLUMNS, rows, _("No figures for these filters."), explain_undisclosed=True)


def trend_table(rows):
    return table(_("Trend by quarter"), TREND_COLUMNS, rows, _("No figures for these filters."))


def country_table(rows):
    caption = _("By country (the countries whose figures you may see)")
    return table(caption, COUNTRY_COLUMNS, rows, _("No country figures you may see."))


# The report page's rows (a report holds hundreds of lines: through the template engine
# its delivery table took most of the page's time). Same markup as the page's template.


def _dates():
    """``date_format`` of a day in the active language: a report's lines share a few dozen
    dates, and the same days come back on every page, so their texts are kept per language."""
    language = get_language()
    return lambda day: date_text(language, day)


def date_text(language, day):
    """``date_format(day)`` in ``language`` (the active one), kept per language and day."""
    return _date_text(get_format("DATE_FORMAT", language), language, day)


@functools.lru_cache(maxsize=4096)
def _date_text(style, language, day):
    """``day`` in ``style`` (the language's DATE_FORMAT), in ``language`` (month names)."""
    with translation.override(language):
        return dateformat.format(day, style)


def number_formatter():
    """``number_format`` with the active language's separators looked up once per table (it
    looks up three formats per call), remembered per value: the same text, faster. Whole
    numbers grouped by threes (every language of the portal) are written by Python's own
    grouping, with the language's separator (``tests/coalitions/test_commitment_rows.py``
    checks it against ``number_format``). Every table of rows written in Python uses it."""
    language = get_language()
    decimal, grouping, thousands = (
        get_format(name, language, use_l10n=True)
        for name in ("DECIMAL_SEPARATOR", "NUMBER_GROUPING", "THOUSAND_SEPARATOR")
    )
    by_threes = grouping == 3 and settings.USE_THOUSAND_SEPARATOR
    memo = {}

    def formatted(value):
        key = (type(value), value)  # 1000000 and Decimal("1000000.0") are equal, not written alike
        if key not in memo:
            if by_threes and type(value) is int:
                memo[key] = f"{value:,}".replace(",", thousands)
            else:
                memo[key] = str(numberformat.format(value, decimal, None, grouping, thousands, use_l10n=True))
        return memo[key]

    return formatted


def delivery_rows(lines, names, *, report_pk, editable, csrf_token=""):
    """The ``<tr>`` of each delivery line: ``lines`` are (pk, version, commitment id, delivered on,
    quantity, notes), ``names`` the capability name of each commitment id."""
    day, number = _dates(), number_formatter()
    names = {commitment: escape(name) for commitment, name in names.items()}
    if editable:
        edit = reverse("line_edit", kwargs={"pk": report_pk, "line_kind": "deliveries", "line_pk": 0})
        delete = reverse("line_delete", kwargs={"pk": report_pk, "line_kind": "deliveries", "line_pk": 0})
        edit_text, remove_text = escape(_("Edit")), escape(_("Remove"))
        csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
    rows = []
    for pk, version, commitment, delivered_on, quantity, notes in lines:
        row = (
            f'<tr id="line-{pk}"><td>{names.get(commitment, "")}</td><td>{day(delivered_on)}</td>'
            f'<td class="num">{number(quantity)}</td><td>{escape(notes) if notes else ""}</td>'
        )
        if editable:
            row += (
                f'<td><a class="govuk-link portal-row-action" href="{_with_pk(edit, pk)}">{edit_text}</a>\n'
                f'        <form method="post" action="{_with_pk(delete, pk)}" class="inline">{csrf}'
                f'<input type="hidden" name="version" value="{version}"><button type="submit" '
                f'class="govuk-button govuk-button--warning portal-button--small" data-module="govuk-button">'
                f"{remove_text}</button></form></td>"
            )
        rows.append(row + "</tr>")
    if not rows:
        rows.append(f'<tr><td colspan="5">{escape(_("No deliveries recorded."))}</td></tr>')
    return mark_safe("\n".join(rows))


def _with_pk(url, pk):
    """``url`` reversed with a line pk of 0, for ``pk`` (one reverse per table, not per row)."""
    head, _sep, tail = url.rpartition("/0/")
    return f"{head}/{pk}/{tail}"


def progress_rows(progress):
    """The ``<tr>`` of each commitment of the report's progress table (``figures.progress``)."""
    undisclosed = escape(_("undisclosed"))
    number = number_formatter()
    rows = []
    for row in progress:
        reference = f" ({escape(row.reference)})" if row.reference else ""
        committed = undisclosed if row.committed is None else number(row.committed)
        remaining = "–" if row.remaining is None else number(row.remaining)
        rows.append(
            f"<tr><td>{escape(row.capability)}{reference}</td>"
            f'<td class="num">{committed}</td><td class="num">{number(row.delivered)}</td>'
            f'<td class="num">{remaining}</td></tr>'
        )
    if not rows:
        rows.append(f'<tr><td colspan="4">{escape(_("No commitments."))}</td></tr>')
    return mark_safe("\n".join(rows))


def report_need_rows(rows):
    """The ``<tr>`` of each need a report touches (``coalitions.planning.selectors.report_needs``)."""
    number = number_formatter()
    detail = reverse("planning:need_detail", args=[0])
    units = {}
    cells = []
    for row in rows:
        need, capability = row.need, row.need.capability
        if capability.unit not in units:
            units[capability.unit] = escape(capability.get_unit_display())
        cells.append(
            f'\n    <tr class="govuk-table__row"><td class="govuk-table__cell"><a class="govuk-link" '
            f'href="{_with_pk(detail, need.pk)}">{escape(capability.name)} · '
            f"{escape(need.period_label)}</a></td>"
            f'<td class="govuk-table__cell num">{number(need.quantity)} {units[capability.unit]}</td>'
            f'<td class="govuk-table__cell num">{number(row.planned)}</td>'
            f'<td class="govuk-table__cell num">{number(row.delivered)}</td></tr>\n  '
        )
    return mark_safe("".join(cells))
