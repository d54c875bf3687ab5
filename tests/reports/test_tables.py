"""The figure tables: accessible markup, escaped text, counts, badges and localised percentages."""

from django.utils import translation

from reports import tables
from reports.figures import Row


def capability_row(**values):
    defaults = {"key": 1, "label": "<FPV> & drones", "unit": "pieces", "coalition": "Drones"}
    return Row(**(defaults | values))


def test_capability_table_has_caption_headers_and_one_row_per_capability():
    rows = [capability_row(needed=200, committed=100, delivered=25, provisional=5, used=3)]
    html = tables.capability_table(rows, "Per <capability>")
    assert "<caption>Per &lt;capability&gt;</caption>" in html
    assert html.count('<th scope="col"') == len(tables.CAPABILITY_COLUMNS)
    assert '<th scope="row">&lt;FPV&gt; &amp; drones</th>' in html
    cells = '<td class="num">200</td><td class="num">100</td><td class="num">25</td><td class="num">5</td>'
    assert cells in html
    assert '<td class="num">50.0 %</td><td class="num">25.0 %</td></tr>' in html  # coverage, fulfilment


def test_percentages_are_localised_and_missing_ones_are_a_dash():
    rows = [capability_row(needed=0, committed=3, delivered=1)]
    with translation.override("uk"):
        html = tables.capability_table(rows, "c")
    assert '<td class="num">—</td><td class="num">33,3 %</td></tr>' in html


def test_undisclosed_commitments_carry_a_badge_explained_in_the_capability_table_only():
    row = capability_row(committed=10, undisclosed=2)
    capability_html = tables.capability_table([row], "c")
    country_html = tables.country_table([Row(key=1, label="Belgium", committed=10, undisclosed=2)])
    title = "commitments with an undisclosed quantity count as 0"
    assert f'10 <span class="badge" title="{title}">+2 undisclosed</span>' in capability_html
    assert '<td class="num">10 <span class="badge">+2 undisclosed</span></td>' in country_html


def test_empty_tables_say_why_across_all_columns():
    columns = len(tables.TREND_COLUMNS)
    assert f'<td colspan="{columns}">No figures for these filters.</td>' in tables.trend_table([])
    assert "No country figures you may see." in tables.country_table([])


def test_report_tables_write_numbers_and_dates_as_django_does_in_each_language():
    import datetime

    from django.utils.formats import date_format, number_format

    from reports.figures.presentation import Progress

    values = [0, 7, 999, 1000, 12345, 1234567, 2**40, -1234]
    days = [datetime.date(2026, 10, 1) + datetime.timedelta(days=40 * n) for n in range(len(values))]
    lines = [(n, 1, 5, day, value, "") for n, (day, value) in enumerate(zip(days, values, strict=True))]
    progress = [Progress(n, "Shells", "", value, value, 0) for n, value in enumerate(values)]
    for language in ("en", "uk"):
        with translation.override(language):
            rows = tables.delivery_rows(lines, {5: "Shells"}, report_pk=1, editable=False).split("\n")
            progress_rows = tables.progress_rows(progress).split("\n")
            for day, value, row, progress_row in zip(days, values, rows, progress_rows, strict=True):
                assert f"<td>{date_format(day)}</td>" in row
                assert f'<td class="num">{number_format(value)}</td>' in row
                assert f'<td class="num">{number_format(value)}</td><td class="num">' in progress_row
