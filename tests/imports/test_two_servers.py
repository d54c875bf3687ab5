"""An upload previewed through one app server is confirmed through another (both live)."""

import re

import pytest
import requests
from django.conf import settings
from django.test import Client
from django.urls import reverse

from reports.models import DeliveryLine, PartnerReport, PendingUpload
from tests.servers import gunicorn
from tests.world import build_world, log_in

from .conftest import csv_bytes, delivery, quarter, rows_of

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN = re.compile(r'name="token" value="([^"]+)"')


@pytest.fixture
def world(transactional_db):
    return build_world(reports=False)


def test_an_upload_previewed_on_one_server_is_confirmed_on_another(world, live_server):
    report = PartnerReport.objects.create(country=world.a, coalition=world.coalition, period=quarter())
    session_key = log_in(Client(), world.users["officer_a"]).session.session_key
    browser = requests.Session()
    browser.cookies.set(settings.SESSION_COOKIE_NAME, session_key)
    upload_path = reverse("imports:report", kwargs={"pk": report.pk, "kind": "deliveries"})
    confirm_path = reverse("imports:report_confirm", kwargs={"pk": report.pk, "kind": "deliveries"})
    data = csv_bytes(rows_of(delivery(world.commitment_a), delivery(world.commitment_a, day="2026-11-06")))

    with gunicorn() as second_server:
        first_server = live_server.url.replace("localhost", "127.0.0.1")  # one host: one cookie jar
        page = browser.get(first_server + upload_path)
        csrf = CSRF.search(page.text).group(1)
        preview = browser.post(
            first_server + upload_path,
            data={"csrfmiddlewaretoken": csrf},
            files={"file": ("lines.csv", data, "text/csv")},
            headers={"Referer": first_server + upload_path},
        )
        token = TOKEN.search(preview.text).group(1)
        assert PendingUpload.objects.filter(token=token).exists()
        assert DeliveryLine.objects.filter(report=report).count() == 0  # a preview writes nothing

        confirmed = browser.post(
            second_server + confirm_path,
            data={"csrfmiddlewaretoken": csrf, "token": token},
            headers={"Referer": second_server + confirm_path},
            allow_redirects=False,
        )

    assert (preview.status_code, confirmed.status_code) == (200, 302), confirmed.text[:3000]
    assert DeliveryLine.objects.filter(report=report).count() == 2
    assert not PendingUpload.objects.filter(token=token).exists()
