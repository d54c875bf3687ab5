"""A new country joins: the ministry administrator adds it and invites its focal point, the
focal point accepts (with a second factor) and invites an officer, the officer accepts and
submits the country's first report."""

import base64
import re

import pytest
from django.core import mail
from django_otp.oath import totp
from playwright.sync_api import expect

from accounts.models import Role, User
from reports.models import PartnerReport

INVITATION = re.compile(r"/accounts/invitation/[^/\s]+/")


@pytest.fixture
def session_for(browser, live_server, session_cookie):
    def _page(user):
        context = browser.new_context()
        context.add_cookies([session_cookie(user, live_server.url)])
        return context.new_page()

    return _page


def last_invitation_link(to):
    (message,) = [m for m in mail.outbox if m.to == [to]]
    return INVITATION.search(message.body).group(0)


def accept(browser, live_server, link, username):
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}{link}")
    form = page.locator("#accept-form")
    form.get_by_label("User name").fill(username)
    form.get_by_label("First name").fill("Kari")
    form.get_by_label("Last name").fill("Nordmann")
    form.get_by_label(re.compile(r"^Password:?$")).fill("fjord-and-glacier-2027")
    form.get_by_label("Password again").fill("fjord-and-glacier-2027")
    form.get_by_role("button", name="Create account").click()
    return page


def set_up_second_factor(page):
    page.get_by_role("button", name="Next").click()  # the welcome step
    secret = page.locator(".portal-secret").inner_text().replace(" ", "").strip()  # the key shown to type in
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.locator("#id_generator-token").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Next").click()


@pytest.mark.browser
def test_ministry_admin_adds_a_country_whose_focal_point_and_officer_join_and_report(
    transactional_db, live_server, world, session_for, browser
):
    admin = session_for(world.users["ministry_admin"])

    # the ministry administrator adds Norway to Artillery from the current quarter
    admin.goto(f"{live_server.url}/")
    admin.get_by_text("Ministry", exact=True).click()  # the ministry's pages are grouped in one menu
    admin.get_by_role("link", name="Memberships").click()
    admin.get_by_role("link", name="Add a country to a coalition").click()
    form = admin.locator("#membership-form")
    form.get_by_label("Country").select_option("NO")
    form.get_by_label("Coalition").select_option(label="Artillery")
    form.get_by_label("Role").select_option("member")
    form.get_by_label("Cadence").select_option("quarter")
    form.get_by_label("First period it reports").fill(world.period.label)
    form.get_by_role("button", name="Add to coalition").click()
    expect(admin.locator(".messages")).to_contain_text("Norway joined Artillery")
    expect(admin.locator("#memberships")).to_contain_text("Norway")

    # ... and invites its focal point
    admin.get_by_text("Ministry", exact=True).click()
    admin.get_by_role("link", name="People", exact=True).first.click()
    admin.get_by_role("link", name="Invite a focal point or an observer").click()
    form = admin.locator("#invite-form")
    form.get_by_label("E-mail address").fill("focal@forsvaret.example")
    form.get_by_label("Role").select_option("focal_point")
    form.get_by_label("Country").select_option(label="Norway")
    form.get_by_role("button", name="Send invitation").click()
    expect(admin.locator(".messages")).to_contain_text("Invitation sent to focal@forsvaret.example")

    # the focal point accepts, sets up the second factor its role needs, invites an officer
    focal = accept(browser, live_server, last_invitation_link("focal@forsvaret.example"), "focal-no")
    expect(focal).to_have_url(re.compile(r"/accounts/two-factor/setup/$"))
    set_up_second_factor(focal)
    focal.goto(f"{live_server.url}/")
    focal.get_by_role("link", name="People", exact=True).click()
    expect(focal.locator("h1")).to_have_text("People of Norway")
    focal.get_by_role("link", name="Invite someone").click()
    form = focal.locator("#invite-form")
    form.get_by_label("E-mail address").fill("officer@forsvaret.example")
    form.get_by_label("Role").select_option("officer")
    form.get_by_role("button", name="Send invitation").click()
    expect(focal.locator(".messages")).to_contain_text("Invitation sent to officer@forsvaret.example")
    expect(focal.locator(".invitations")).to_contain_text("officer@forsvaret.example")

    # the officer accepts and submits Norway's report of the quarter
    officer = accept(browser, live_server, last_invitation_link("officer@forsvaret.example"), "officer-no")
    expect(officer).to_have_url(f"{live_server.url}/")
    report = PartnerReport.objects.get(country__code="NO", period=world.period)
    officer.goto(f"{live_server.url}/reports/partner/{report.pk}/")
    officer.get_by_role("button", name="Submit").click()
    officer.get_by_role("button", name="Yes, submit the report").click()
    expect(officer.locator(".messages")).to_contain_text("Submit done")

    assert PartnerReport.objects.get(pk=report.pk).status == "submitted"
    assert {u.username: u.role for u in User.objects.filter(username__in=["focal-no", "officer-no"])} == {
        "focal-no": Role.FOCAL_POINT,
        "officer-no": Role.OFFICER,
    }
    focal.reload()
    expect(focal.locator(".people")).to_contain_text("officer-no")
