"""Server-side SVG bar charts: geometry and markup computed here, framed by
templates/reports/figures/chart.html.

No JavaScript and no external assets; every bar carries its value as text for screen readers,
and the page shows the same numbers in a table beside the chart. The markup is written here
rather than in a template: a chart of 80 capabilities has 400 bars, which the template engine
took ~40 ms to render and this takes ~1 ms.
"""

import textwrap
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SERIES = (
    ("needed", gettext_lazy("Needed"), "#6b7280"),
    ("committed", gettext_lazy("Committed"), "#1d4ed8"),
    ("delivered", gettext_lazy("Delivered (approved)"), "#15803d"),
    ("provisional", gettext_lazy("Provisional (submitted)"), "#a3e635"),
    ("used", gettext_lazy("Used"), "#b45309"),
)
LABEL_WIDTH = 190  # the capability names, wrapped (never clipped)
PLOT_WIDTH = 420
VALUE_WIDTH = 130  # the value written after each bar
BAR_HEIGHT = 14
GROUP_GAP = 12
SECTION_HEIGHT = 24  # a coalition's or a unit's heading
LABEL_CHARS = 28
LINE_HEIGHT = 13


@dataclass
class Bar:
    x: int
    y: int
    width: float
    height: int
    color: str
    label: str
    value: int
    text: str = ""  # written after the bar


@dataclass
class Group:
    y: int
    label: str
    bars: list = field(default_factory=list)
    lines: list = field(default_factory=list)  # the label, wrapped
    heading: str = ""  # the section this group opens, if any
    heading_y: int = 0


@dataclass
class Chart:
    title: str
    html_id: str
    width: int
    height: int
    label_width: int
    groups: list
    legend: list

    @cached_property
    def svg(self):
        """The chart as an accessible inline ``<svg>`` (labelled by its title and description)."""
        html_id = escape(self.html_id)
        size = f'width="{self.width}" height="{self.height}" viewBox="0 0 {self.width} {self.height}"'
        description = escape(_("Bar chart; the same figures are in the table beside it."))
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" {size} '
            f'aria-labelledby="{html_id}-title {html_id}-desc">',
            f'<title id="{html_id}-title">{escape(self.title)}</title>',
            f'<desc id="{html_id}-desc">{description}</desc>',
        ]
        parts += [_group_svg(group, self.label_width) for group in self.groups]
        if not self.groups:
            empty = escape(_("No figures for these filters."))
            parts.append(f'<text x="10" y="20" font-size="12">{empty}</text>')
        parts.append("</svg>")
        return mark_safe("\n".join(parts))  # every text above is escaped; numbers are numbers


def wrap(label: str) -> list[str]:
    """The label in lines of at most ``LABEL_CHARS`` characters, whole: nothing is cut off."""
    return textwrap.wrap(label, LABEL_CHARS) or [""]


def _group_svg(group, label_width):
    label = escape(group.label)
    top = group.y - (len(group.lines) - 1) * LINE_HEIGHT / 2
    lines = "".join(
        f'<tspan x="{label_width}" y="{top + index * LINE_HEIGHT}">{escape(line)}</tspan>'
        for index, line in enumerate(group.lines)
    )
    bars = "".join(
        f'<rect x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}" fill="{bar.color}">'
        f"<title>{label} – {escape(bar.label)}: {bar.value}</title></rect>"
        f'<text x="{bar.x + bar.width + 4}" y="{bar.y + bar.height / 2}" dominant-baseline="middle" '
        f'font-size="10">{escape(bar.text)}</text>'
        for bar in group.bars
    )
    heading = ""
    if group.heading:
        heading = f'<text x="0" y="{group.heading_y}" font-size="12" font-weight="bold">'
        heading += f"{escape(group.heading)}</text>"
    return (
        f'<g>{heading}<text text-anchor="end" dominant-baseline="middle" font-size="11">{lines}</text>'
        f"{bars}</g>"
    )


def _number(value):
    return number_format(value, force_grouping=True)


def bar_chart(
    title, rows, html_id, *, section=None, scale="section", share_of_need=False, label=None, series=SERIES
):
    """Grouped horizontal bars, one group per row (anything with ``label`` and the measures).

    Rows are grouped in sections (``section(row)`` names the heading; by default the row's
    unit) and bars are scaled per section — never across units — or, ``scale="row"``, per
    row (each row on its own scale). Every bar has its value written after it;
    ``share_of_need`` adds each measure as a share of the row's need. ``html_id`` prefixes
    the ids of the chart's title and description; ``label(row)`` names a row (its ``label``);
    ``series`` the measures drawn (``SERIES`` by default).
    """
    section = section or (lambda row: getattr(row, "unit", "") or "")
    label_of = label or (lambda row: str(row.label))
    rows = list(rows)
    largest = {}
    for row in rows:
        values = [getattr(row, key) for key, _label, _color in series]
        largest[section(row)] = max([largest.get(section(row), 0), *values])
    series = [(key, str(label), color) for key, label, color in series]
    groups, top, current = [], GROUP_GAP, None
    for row in rows:
        name = label_of(row)
        group = Group(y=0, label=name, lines=wrap(name))
        if section(row) != current:
            current = section(row)
            if current:
                group.heading, group.heading_y = str(current), top + SECTION_HEIGHT // 2
                top += SECTION_HEIGHT
        values = [getattr(row, key) for key, _label, _color in series]
        reference = (max(values) if scale == "row" else largest[current]) or 1
        bars_height = len(series) * BAR_HEIGHT
        group_height = max(bars_height, len(group.lines) * LINE_HEIGHT)
        group.y = top + group_height // 2
        for position, (key, label, color) in enumerate(series):
            value = getattr(row, key)
            width = round(PLOT_WIDTH * value / reference, 1)
            y = top + (group_height - bars_height) // 2 + position * BAR_HEIGHT
            text = _number(value)
            if share_of_need and key != "needed" and row.needed and value:
                text = _("%(value)s (%(share)s %% of need)") % {
                    "value": text,
                    "share": number_format(round(100 * value / row.needed)),
                }
            group.bars.append(Bar(LABEL_WIDTH, y, width, BAR_HEIGHT - 2, color, label, value, text))
        groups.append(group)
        top += group_height + GROUP_GAP
    legend = [{"label": label, "color": color} for _key, label, color in series]
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    return Chart(str(title), html_id, width, top, LABEL_WIDTH - 6, groups, legend)


def capability_chart(title, rows, html_id):
    """Per capability, grouped by coalition; each capability on its own scale (its largest
    figure), its unit in its label, the values written with their share of the need."""
    return bar_chart(
        title,
        rows,
        html_id,
        section=lambda row: row.coalition,
        scale="row",
        share_of_need=True,
        label=lambda row: f"{row.label} ({row.unit})" if row.unit else row.label,
    )


def trend_chart(title, rows, html_id):
    """Per quarter, one section and one scale per unit."""
    return bar_chart(title, rows, html_id, section=lambda row: _("Unit: %(unit)s") % {"unit": row.unit})
