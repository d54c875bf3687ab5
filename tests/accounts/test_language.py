"""Every visitor may switch language, before logging in too."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def test_a_visitor_not_logged_in_switches_the_login_page_to_ukrainian(db, client):
    login = reverse("login")
    with translation.override("en"):  # the middleware's choice of language ends with the test
        response = client.post(reverse("set_language"), {"language": "uk", "next": login})
        page = client.get(login).content.decode()

    assert (response.status_code, response["Location"]) == (302, login)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "uk"
    assert 'lang="uk"' in page
