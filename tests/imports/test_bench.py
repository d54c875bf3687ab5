from devtools.import_bench import bench_import
from reports.models import DeliveryLine, PartnerReport


def test_bench_import_measures_and_leaves_nothing_behind(db):
    figures = bench_import(rows=300)

    assert figures["imported"] == 300
    assert set(figures) >= {"preview_s", "confirm_s", "bulk_create_s", "confirm_vs_bulk_create"}
    assert (DeliveryLine.objects.count(), PartnerReport.objects.count()) == (0, 0)
