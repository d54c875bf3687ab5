"""Security headers and cookie flags on every HTML page the permission matrix visits.

Pages are fetched over HTTPS under the production transport settings (config.settings.https).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from accounts.middleware import SEEN_AT_KEY
from config.settings import https
from tests.test_permission_matrix import CASES, respond
from tests.world import PERSONAS, log_in

GET_CASES = [case for case in CASES if case.method == "get"]
# Cookies a page may set and must flag: session, CSRF token, language.
COOKIES = {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}


def header_problems(response):
    problems = []
    csp = response.get("Content-Security-Policy", "")
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    if directives.get("script-src") != "'self'" or directives.get("style-src") != "'self'":
        problems.append(f"CSP {csp!r}")
    if "unsafe-inline" in csp or directives.get("frame-ancestors") != "'none'":
        problems.append(f"CSP {csp!r}")
    hsts = re.match(r"max-age=(\d+)", response.get("Strict-Transport-Security", ""))
    if not hsts or int(hsts.group(1)) < 365 * 24 * 3600:
        problems.append(f"HSTS {response.get('Strict-Transport-Security')!r}")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    problems += [
        f"{name} {response.get(name)!r}" for name, value in expected.items() if response.get(name) != value
    ]
    for name, morsel in response.cookies.items():
        if not (morsel["secure"] and morsel["httponly"]):
            problems.append(f"cookie {name} secure={morsel['secure']!r} httponly={morsel['httponly']!r}")
    return problems


def checked(case, response):
    """HTML pages and plain-text answers (the health check); for API routes their JSON answers.
    All carry the same headers."""
    kinds = ("application/json", "application/problem+json") if case.token else ("text/html", "text/plain")
    return response["Content-Type"].startswith(kinds)


@pytest.mark.parametrize("case", GET_CASES, ids=lambda c: c.id)
def test_every_html_page_has_the_security_headers(case, world, client):
    problems, html_pages = {}, 0
    with override_settings(**https.as_dict()):
        for persona in PERSONAS:
            if not case.token:
                log_in(client, world.users[persona])
            response = respond(case, world, client, persona, secure=True)
            if checked(case, response):
                html_pages += 1
                problems[persona] = header_problems(response)
    assert html_pages > 0
    assert problems == {persona: [] for persona in problems}


def test_session_and_csrf_cookies_are_secure_and_httponly(world, client):
    with override_settings(**https.as_dict()):
        login_page = client.get(reverse("login"), secure=True)
        log_in(client, world.users["officer_a"])
        session = client.session  # the idle timeout is due for renewal, so the page sends the cookie
        session.pop(SEEN_AT_KEY, None)
        session.save()
        dashboard = client.get(reverse("dashboard"), secure=True)
        language = client.post(reverse("set_language"), {"language": "uk"}, secure=True)

    cookies = {**login_page.cookies, **dashboard.cookies, **language.cookies}
    flags = {name: (cookies[name]["secure"], cookies[name]["httponly"]) for name in COOKIES}
    assert flags == dict.fromkeys(COOKIES, (True, True))


def test_plain_http_is_sent_to_https_in_production(db, client):
    with override_settings(**https.as_dict()):
        response = client.get(reverse("login"))

    assert response.status_code == 301
    assert response["Location"] == "https://testserver" + reverse("login")


def test_proxy_header_marks_the_request_secure(db, client):
    with override_settings(**https.as_dict()):
        response = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    re.compile(r"<style\b", re.I),
    re.compile(r"\sstyle\s*=", re.I),
    re.compile(r"\son[a-z]+\s*=", re.I),
    re.compile(r"javascript:", re.I),
]


def test_templates_have_no_inline_scripts_or_styles():
    found = []
    for template in sorted(Path(settings.BASE_DIR, "templates").rglob("*.html")):
        text = template.read_text()
        found += [f"{template.name}: {m.group(0)}" for pattern in INLINE for m in pattern.finditer(text)]

    assert found == []
