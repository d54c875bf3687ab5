"""The roadmap timeline as server-rendered SVG: no script, no inline style (CSP); the look
comes from classes in ``static/css/portal.css``. A table beside it says the same in text."""

import datetime

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localdate
from django.utils.translation import gettext as _

WIDTH, ROW, TOP, LEFT, RIGHT = 960, 28, 34, 16, 16


def _x(day, first, last):
    span = max((last - first).days, 1)
    return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span, 1)


def _state(milestone):
    if milestone.is_overdue:
        return "overdue"
    if milestone.is_at_risk:
        return "at-risk"
    return milestone.current_status.replace("_", "-")


def timeline(milestones, today=None):
    """An SVG of ``milestones`` (``selectors.milestones`` rows) along their due dates, with
    today's line; empty string when there are none."""
    if not milestones:
        return ""
    today = today or localdate()
    days = [m.due_on for m in milestones] + [today]
    first = min(days) - datetime.timedelta(days=30)
    last = max(days) + datetime.timedelta(days=30)
    height = TOP + ROW * len(milestones) + 10
    years = range(first.year + 1, last.year + 1)
    ticks = format_html_join(
        "",
        '<line class="timeline__tick" x1="{0}" y1="18" x2="{0}" y2="{1}"/>'
        '<text class="timeline__year" x="{0}" y="14">{2}</text>',
        ((_x(datetime.date(year, 1, 1), first, last), height, year) for year in years),
    )
    rows = format_html_join(
        "",
        '<g class="timeline__item timeline__item--{0}"><title>{1}</title>'
        '<circle class="timeline__dot" cx="{2}" cy="{3}" r="7"/>'
        '<text class="timeline__label" x="{4}" y="{5}" text-anchor="{6}">{7}</text></g>',
        (
            (
                _state(m),
                f"{m.title} — {m.due_label} — {m.current_status_display}",
                x,
                TOP + ROW * n + 8,
                x + 12 if x < WIDTH * 0.6 else x - 12,
                TOP + ROW * n + 12,
                "start" if x < WIDTH * 0.6 else "end",
                m.title[:60],
            )
            for n, m in enumerate(milestones)
            for x in [_x(m.due_on, first, last)]
        ),
    )
    today_x = _x(today, first, last)
    return format_html(
        '<svg class="timeline" viewBox="0 0 {0} {1}" role="img" aria-labelledby="timeline-title">'
        '<title id="timeline-title">{2}</title>{3}'
        '<line class="timeline__today" x1="{4}" y1="18" x2="{4}" y2="{1}"/>'
        '<text class="timeline__today-label" x="{4}" y="{5}">{6}</text>{7}</svg>',
        WIDTH,
        height,
        _("Roadmap timeline"),
        ticks,
        today_x,
        height - 2,
        _("today"),
        mark_safe(rows),  # built by format_html_join above: escaped
    )
