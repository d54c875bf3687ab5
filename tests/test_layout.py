"""The portal's own layout on GOV.UK Frontend: forms, menu, error and password pages."""

import re

from django import forms
from django.template import Context, Template
from django.template.loader import get_template
from django.test import override_settings
from django.urls import reverse

from tests.world import log_in


def test_a_form_with_errors_starts_with_an_error_summary_linking_to_each_field(world, client):
    log_in(client, world.users["officer_a"])
    html = client.post(reverse("coalitions:commitment_create"), {"country": world.a.pk}).content.decode()

    start = html.index('class="govuk-error-summary"')
    summary = html[start : html.index("</ul>", start)]
    assert '<a href="#id_coalition">' in summary
    assert '<a href="#id_capability">' in summary
    assert 'class="govuk-form-group field govuk-form-group--error has-error"' in html
    assert re.search(r'<select name="coalition"[^>]*aria-invalid="true"[^>]*class="govuk-select"', html)


def test_non_field_errors_are_in_the_error_summary():
    form = get_template("includes/form.html")

    class Sample(forms.Form):
        name = forms.CharField()

        def clean(self):
            raise forms.ValidationError("The whole form is wrong.")

    sample = Sample(data={"name": "x"})
    html = form.render({"form": sample})
    assert "govuk-error-summary" in html
    assert "<li>The whole form is wrong.</li>" in html


def test_only_those_who_import_see_the_import_menu(world, client):
    def menu(persona):
        log_in(client, world.users[persona])
        html = client.get(reverse("dashboard")).content.decode()
        return reverse("imports:index") in html, reverse("review_queue") in html

    assert menu("officer_a") == (True, False)
    assert menu("viewer_a") == (False, False)
    assert menu("analyst") == (True, True)
    assert menu("reviewer") == (False, True)


def test_pages_load_the_design_system_without_inline_code(world, client):
    log_in(client, world.users["officer_a"])
    html = client.get(reverse("dashboard")).content.decode()

    assert "vendor/govuk-frontend/govuk-frontend.min.css" in html
    assert '<script type="module" src="/static/js/portal.js">' in html
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert " style=" not in html
    assert 'rel="icon" href="/static/favicon.svg"' in html
    assert "govuk-crown" not in html and "GOV.UK" not in html


@override_settings(DEBUG=False)
def test_not_found_and_forbidden_are_the_portals_own_pages(world, client):
    log_in(client, world.users["viewer_a"])
    missing = client.get("/no-such-page/")
    forbidden = client.get(reverse("coalitions:commitment_create"))

    assert missing.status_code == 404 and forbidden.status_code == 403
    assert "Page not found" in missing.content.decode() and "govuk-header" in missing.content.decode()
    assert "You cannot do this" in forbidden.content.decode() and "govuk-header" in forbidden.content.decode()


def test_the_server_error_page_renders_without_a_request():
    html = get_template("500.html").render({})
    assert "Sorry, there is a problem with the service" in html
    assert "govuk-frontend.min.css" in html
    assert Template("{% include '500.html' %}").render(Context())  # no context processors needed


def test_password_reset_pages_are_the_portals_own(db, client):
    html = client.get(reverse("password_reset")).content.decode()

    assert "Reset your password" in html and "govuk-header" in html
    assert "Django administration" not in html
    assert client.get(reverse("password_reset_done")).content.decode().count("Check your e-mail") >= 1


# Every form renders through config.form_html: the same text as the template it replaces -------

FORM_PAGES = [  # (persona, method, url name, arguments, data): forms of every kind of field
    ("officer_a", "get", "coalitions:commitment_list", {}, {}),
    ("officer_a", "get", "coalitions:commitment_list", {}, {"status": "nonsense", "period": "x"}),
    ("officer_a", "get", "coalitions:commitment_create", {}, None),
    ("officer_a", "post", "coalitions:commitment_create", {}, {"quantity": "-1", "undisclosed": "on"}),
    ("officer_a", "get", "report_detail", {"kind": "partner", "pk": "report_a"}, None),
    ("officer_a", "post", "line_add", {"pk": "report_a", "line_kind": "deliveries"}, {"quantity": "x"}),
    ("officer_a", "post", "line_add", {"pk": "report_a", "line_kind": "plans"}, {}),
    ("officer_a", "get", "report_list", {}, {"status": "nope"}),
    ("analyst", "get", "data_checks", {}, {}),
    ("analyst", "get", "activity", {}, {"since": "yesterday"}),
    ("analyst", "get", "usage_create", {}, None),
    ("reviewer", "get", "compliance", {}, {}),
]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _page(client, world, method, name, arguments, data):
    kwargs = {
        key: getattr(world, value).pk if value == "report_a" else value for key, value in arguments.items()
    }
    response = getattr(client, method)(reverse(name, kwargs=kwargs), data or {})
    assert response.status_code in (200, 400), (name, response.status_code)
    return CSRF.sub("", response.content.decode())


def test_forms_written_in_python_are_the_form_template_byte_for_byte(world, client, monkeypatch):
    from config import forms as portal_forms

    for persona, method, name, arguments, data in FORM_PAGES:
        log_in(client, world.users[persona])
        written = _page(client, world, method, name, arguments, data)
        with monkeypatch.context() as patched:  # the template itself, as before
            patched.setattr(
                portal_forms,
                "form_html",
                lambda form: get_template("includes/form.html").render({"form": form}),
            )
            templated = _page(client, world, method, name, arguments, data)
        assert "govuk-form-group" in templated, name
        assert written == templated, (persona, name, data)
