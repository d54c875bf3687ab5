"""Figures, the export page and every dataset × format download."""

from reports.exports.datasets import DATASETS

from . import Case, expect

OK = expect(200)
# datasets with their own right (``Dataset.allowed``): the analyst's, unless named here
ALLOWED = {"needs_board": expect(200, observer=403)}  # partners and the ministry

CASES = [
    Case("exports:index", expected=expect(200)),
    Case("exports:index", query="coalition=artillery", expected=expect(200)),
    Case("exports:figures", expected=expect(200)),
    Case("exports:figures", query="coalition=artillery&period_from=2026-Q1", expected=expect(200)),
    *[
        Case(
            "exports:download",
            kwargs=lambda w, d=dataset, f=fmt: {"dataset": d, "fmt": f},
            expected=OK
            if DATASETS[dataset].allowed is None
            else ALLOWED.get(dataset, expect(403, analyst=200)),
        )
        for dataset in DATASETS
        for fmt in ("csv", "xlsx")
    ],
    # a coalition the user may not see is a bad filter, not a file
    Case(
        "exports:download",
        kwargs=lambda w: {"dataset": "deliveries", "fmt": "csv"},
        query="coalition=drones",
        expected=expect(400, officer_b=200, analyst=200, reviewer=200, observer=200),
    ),
    Case(
        "exports:download",
        kwargs=lambda w: {"dataset": "nothing", "fmt": "csv"},
        expected=expect(404),
    ),
    Case(
        "exports:download",
        kwargs=lambda w: {"dataset": "deliveries", "fmt": "pdf"},
        expected=expect(404),
    ),
]
