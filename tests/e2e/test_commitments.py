"""An officer keeps a commitment through a real browser."""

import re

import pytest
from playwright.sync_api import expect

from coalitions.models import Commitment
from tests.factories import PASSWORD
from tests.world import build_world


@pytest.fixture
def page(transactional_db, live_server, browser):
    build_world()
    return browser.new_page(base_url=live_server.url)


@pytest.mark.browser
def test_officer_adds_a_commitment_finds_it_and_switches_to_ukrainian(page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("officer-a")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    page.get_by_role("link", name="Commitments", exact=True).click()
    page.get_by_role("link", name="Add a commitment").click()
    page.get_by_label("Coalition").select_option(label="Artillery")
    page.get_by_label("Capability").select_option(label="Artillery: 155 mm shell (rounds)")
    page.get_by_label("Quantity:", exact=True).fill("4242")
    page.get_by_label("Status").select_option("pledged")
    page.get_by_label("Partner reference").fill("E2E-BE-1")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The commitment was saved.")).to_be_visible()

    page.get_by_role("link", name="Commitments", exact=True).click()
    page.get_by_label("Status").select_option("pledged")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"status=pledged"))
    expect(page.locator("table.commitments tbody tr")).to_have_count(1)
    expect(page.locator("table.commitments tbody")).to_contain_text("4,242")

    page.get_by_role("button", name="Українська").click()
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page).to_have_url(re.compile(r"/commitments/\?.*status=pledged"))
    assert Commitment.objects.get(partner_reference="E2E-BE-1").quantity == 4242
