"""Reading through the API: scoped exactly like the pages, cursor pages, filters, ETags."""

from accounts.models import ApiTokenAccess

URL = "/api/v1/"


def test_officer_reads_own_and_lead_commitments_only(world, api_as):
    client = api_as(world.users["officer_a"], ApiTokenAccess.READ)

    body = client.get(f"{URL}commitments/").json()

    assert sorted(row["quantity"] for row in body["results"]) == [111111]


def test_observer_reads_only_approved_reports_of_observed_coalitions(world, api_as):
    client = api_as(world.users["observer"], ApiTokenAccess.READ)

    reports = client.get(f"{URL}reports/").json()["results"]

    assert reports == []


def test_report_detail_holds_its_lines(world, api_as):
    client = api_as(world.users["officer_a"], ApiTokenAccess.READ)

    body = client.get(f"{URL}reports/{world.report_a.pk}/").json()

    assert ([d["quantity"] for d in body["deliveries"]], [p["quantity"] for p in body["plans"]]) == (
        [7001],
        [7002],
    )


def test_another_countrys_report_is_404(world, api_as):
    client = api_as(world.users["officer_a"], ApiTokenAccess.READ)

    response = client.get(f"{URL}reports/{world.report_b.pk}/")

    assert (response.status_code, response["Content-Type"]) == (404, "application/problem+json")


def test_cursor_pages_walk_every_row_once(world, api_as):
    client = api_as(world.users["analyst"], ApiTokenAccess.READ)
    seen, url = [], f"{URL}commitments/?page_size=2"
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]

    assert sorted(seen) == sorted(
        client.get(f"{URL}commitments/?page_size=100").json()["results"][i]["id"] for i in range(4)
    )


def test_filters_narrow_and_unknown_filter_is_a_problem(world, api_as):
    client = api_as(world.users["analyst"], ApiTokenAccess.READ)

    drones = client.get(f"{URL}commitments/?coalition=drones").json()["results"]
    unknown = client.get(f"{URL}commitments/?colour=red")

    assert ([row["quantity"] for row in drones], unknown.status_code) == ([333333], 400)
    assert unknown.json()["errors"][0]["field"] == "colour"


def test_list_etag_answers_304_when_unchanged(world, api_as):
    client = api_as(world.users["officer_a"], ApiTokenAccess.READ)
    first = client.get(f"{URL}commitments/")

    again = client.get(f"{URL}commitments/", headers={"If-None-Match": first["ETag"]})

    assert (again.status_code, again["ETag"]) == (304, first["ETag"])


def test_figures_use_the_page_filters_and_refuse_an_inverted_range(world, api_as):
    client = api_as(world.users["analyst"], ApiTokenAccess.READ)

    good = client.get(f"{URL}figures/?coalition=artillery")
    inverted = client.get(f"{URL}figures/?period_from=2026-Q4&period_to=2026-Q1")

    assert good.status_code == 200
    assert [row["unit"] for row in good.json()["totals"]] == ["rounds"]
    assert inverted.status_code == 400


def test_export_csv_streams_the_dataset(world, api_as):
    client = api_as(world.users["officer_a"], ApiTokenAccess.READ)

    response = client.get(f"{URL}exports/commitments.csv")

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert (response.status_code, "111111" in body, "222222" in body) == (200, True, False)
