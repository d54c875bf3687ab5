"""Figures: what counts (``counting``), the one engine that sums it (``sums``) and how
figures are shown (``presentation``). The names other modules use are imported here."""

from .counting import APPROVED, COUNTED, SUBMITTED, counted_deliveries, counted_lines_q, counted_reports
from .presentation import (
    DEFINITIONS,
    Figures,
    Row,
    attach_progress,
    capability_rows,
    cells,
    coalition_figures_context,
    consolidated,
    definitions,
    display,
    progress,
)
from .sums import SUMS, consolidated_sums, delivered_to_date, provisional

__all__ = [
    "APPROVED",
    "DEFINITIONS",
    "COUNTED",
    "SUBMITTED",
    "SUMS",
    "Figures",
    "Row",
    "attach_progress",
    "capability_rows",
    "cells",
    "coalition_figures_context",
    "consolidated",
    "consolidated_sums",
    "counted_deliveries",
    "counted_lines_q",
    "counted_reports",
    "definitions",
    "delivered_to_date",
    "display",
    "progress",
    "provisional",
]
