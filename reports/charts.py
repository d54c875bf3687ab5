"""Server-side SVG bar charts: geometry computed here, markup in templates/reports/figures/chart.html.

No JavaScript and no external assets; every bar carries its value as text for screen readers,
and the page shows the same numbers in a table beside the chart.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

SERIES = (
    ("needed", _("Needed"), "#6b7280"),
    ("committed", _("Committed"), "#1d4ed8"),
    ("delivered", _("Delivered (approved)"), "#15803d"),
    ("provisional", _("Provisional (submitted)"), "#a3e635"),
    ("used", _("Used"), "#b45309"),
)
LABEL_WIDTH = 180
PLOT_WIDTH = 420
BAR_HEIGHT = 8
GROUP_GAP = 10


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
    width: int
    height: int
    label_width: int
    groups: list
    legend: list


def bar_chart(title, rows):
    """Grouped horizontal bars, one group per row (anything with ``label`` and the measures)."""
    rows = list(rows)
    largest = max((getattr(row, key) for row in rows for key, _label, _color in SERIES), default=0) or 1
    group_height = len(SERIES) * BAR_HEIGHT + GROUP_GAP
    groups = []
    for index, row in enumerate(rows):
        top = index * group_height + GROUP_GAP
        group = Group(y=top + len(SERIES) * BAR_HEIGHT // 2, label=row.label)
        for position, (key, label, color) in enumerate(SERIES):
            value = getattr(row, key)
            width = round(PLOT_WIDTH * value / largest, 1)
            y = top + position * BAR_HEIGHT
            group.bars.append(Bar(LABEL_WIDTH, y, width, BAR_HEIGHT - 1, color, label, value))
        groups.append(group)
    legend = [{"label": label, "color": color} for _key, label, color in SERIES]
    height = len(rows) * group_height + GROUP_GAP
    return Chart(title, LABEL_WIDTH + PLOT_WIDTH + 10, height, LABEL_WIDTH - 6, groups, legend)
