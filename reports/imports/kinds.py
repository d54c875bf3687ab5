"""Every kind of partner report line a spreadsheet may bring: deliveries and plans (``lines``),
joint venture output and training throughput (``ventures``)."""

from .lines import DELIVERIES, PLANS
from .ventures import OUTPUTS, TRAINING

KINDS = {kind.slug: kind for kind in (DELIVERIES, PLANS, OUTPUTS, TRAINING)}
