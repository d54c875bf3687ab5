"""The figure tables (per capability, per quarter, per country) as accessible HTML.

Like the charts, the markup is written here rather than in a template: the tables of the
full dashboard hold ~1,500 cells, which the template engine took ~11 ms to render and this
takes ~1 ms. Every text is escaped; counts are integers; percentages are localised.
"""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


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
