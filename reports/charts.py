"""Server-side SVG bar charts: geometry and markup computed here, framed by
templates/reports/figures/chart.html.

No JavaScript and no external assets; every bar carries its value as text for screen readers,
and the page shows the same numbers in a table beside the chart. The markup is written here
rather than in a template: a chart of 80 capabilities has 400 bars, which the template engine
took ~40 ms to render and this takes ~1 ms.
"""

from dataclasses import dataclass, field
from functools import cached_property

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
LABEL_WIDTH = 180
PLOT_WIDTH = 420
BAR_HEIGHT = 8
GROUP_GAP = 10
LABEL_CHARS = 30


@dataclass
class Bar:
    x: int
    y: int
    width: float
    height: int
    color: str
    label: str
    value: int


@dataclass
class Group:
    y: int
    label: str
    bars: list = field(default_factory=list)


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


def _group_svg(group, label_width):
    label = escape(group.label)
    short = escape(group.label if len(group.label) <= LABEL_CHARS else group.label[: LABEL_CHARS - 1] + "…")
    bars = "".join(
        f'<rect x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}" fill="{bar.color}">'
        f"<title>{label} – {escape(bar.label)}: {bar.value}</title></rect>"
        for bar in group.bars
    )
    return (
        f'<g><text x="{label_width}" y="{group.y}" text-anchor="end" dominant-baseline="middle" '
        f'font-size="11">{short}</text>{bars}</g>'
    )


def bar_chart(title, rows, html_id):
    """Grouped horizontal bars, one group per row (anything with ``label`` and the measures).

    ``html_id`` prefixes the ids of the chart's title and description.
    """
    rows = list(rows)
    largest = max((getattr(row, key) for row in rows for key, _label, _color in SERIES), default=0) or 1
    group_height = len(SERIES) * BAR_HEIGHT + GROUP_GAP
    series = [(key, str(label), color) for key, label, color in SERIES]
    groups = []
    for index, row in enumerate(rows):
        top = index * group_height + GROUP_GAP
        group = Group(y=top + len(SERIES) * BAR_HEIGHT // 2, label=str(row.label))
        for position, (key, label, color) in enumerate(series):
            value = getattr(row, key)
            width = round(PLOT_WIDTH * value / largest, 1)
            y = top + position * BAR_HEIGHT
            group.bars.append(Bar(LABEL_WIDTH, y, width, BAR_HEIGHT - 1, color, label, value))
        groups.append(group)
    legend = [{"label": label, "color": color} for _key, label, color in series]
    height = len(rows) * group_height + GROUP_GAP
    return Chart(str(title), html_id, LABEL_WIDTH + PLOT_WIDTH + 10, height, LABEL_WIDTH - 6, groups, legend)
