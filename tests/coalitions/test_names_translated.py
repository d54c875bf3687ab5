"""Reference-data names (countries, coalitions, capabilities) in the interface's language:
pages, the figures engine and exports read the Ukrainian names in the Ukrainian interface."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import translation

from coalitions import reference
from coalitions.memberships import country_for_code
from coalitions.models import Capability, Coalition, Country
from tests.exports.helpers import download, parse
from tests.world import log_in

MODELS = (Country, Coalition, Capability)


@pytest.fixture
def named_world(world):
    """The shared world with a Ukrainian name for every country, coalition and capability."""
    for model in MODELS:
        for obj in model.objects.all():
            model.objects.filter(pk=obj.pk).update(name_uk=f"Укр {obj.pk} {model._meta.model_name}")
    return world


def names(language):
    return {name for model in MODELS for name in model.objects.values_list(f"name_{language}", flat=True)}


def pages(world):
    return [
        reverse("dashboard"),
        reverse("coalitions:detail", kwargs={"slug": world.coalition.slug}),
        reverse("coalitions:commitment_list"),
        reverse("report_detail", kwargs={"kind": "partner", "pk": world.report_a.pk}),
        reverse("exports:figures"),
    ]


def page(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with translation.override("en"):  # the middleware's choice of language ends with the request
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("persona", ["officer_a", "analyst"])
def test_pages_in_ukrainian_show_no_english_reference_name(named_world, client, persona):
    log_in(client, named_world.users[persona])
    english, ukrainian = names("en"), names("uk")
    for url in pages(named_world):
        content = page(client, url, "uk")
        assert [name for name in english if name in content] == [], url
        assert any(name in content for name in ukrainian), url


@pytest.mark.parametrize("persona", ["officer_a", "analyst"])
def test_pages_in_english_show_the_english_names(named_world, client, persona):
    log_in(client, named_world.users[persona])
    english, ukrainian = names("en"), names("uk")
    for url in pages(named_world):
        content = page(client, url, "en")
        assert [name for name in ukrainian if name in content] == [], url
        assert any(name in content for name in english), url


@pytest.mark.parametrize("dataset", ["commitments", "summary"])
def test_an_export_in_ukrainian_carries_the_ukrainian_names(named_world, client, dataset):
    log_in(client, named_world.users["analyst"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    with translation.override("en"):
        response = client.get(reverse("exports:download", kwargs={"dataset": dataset, "fmt": "csv"}))
    _header, rows = parse(response, "csv")
    cells = {cell for row in rows for cell in row}
    assert rows
    assert cells & names("uk")
    assert cells & names("en") == set()


def test_an_export_in_english_carries_the_english_names(named_world, client):
    response = download(client, named_world.users["analyst"], "commitments", "csv")
    _header, rows = parse(response, "csv")
    cells = {cell for row in rows for cell in row}
    assert {"Belgium", "155 mm shell"} <= cells
    assert cells & names("uk") == set()


def test_load_reference_fills_both_languages_and_runs_twice(db):
    call_command("load_reference", verbosity=0)
    call_command("load_reference", verbosity=0)

    for model in MODELS:
        assert not model.objects.filter(name_en__isnull=True).exists()
        assert not model.objects.filter(name_uk__isnull=True).exists()
        assert not model.objects.filter(name_en=F("name_uk")).exists()  # every name translated
    assert Country.objects.count() == len(reference.COUNTRY_NAMES) == 29
    assert Coalition.objects.count() == 8
    assert Capability.objects.count() == sum(len(items) for items in reference.CAPABILITIES.values())
    assert Country.objects.get(code="GB").name_uk == "Велика Британія"
    assert Capability.objects.get(code="art-spg-155").name_uk == "155-мм самохідні гаубиці"
    assert Coalition.objects.get(slug="drone").name_uk == "Коаліція дронів"
    assert not Coalition.objects.filter(description_uk="").exists()
    with translation.override("uk"):
        assert str(Country.objects.get(code="FR")) == "Франція"
    with translation.override("en"):
        assert str(Country.objects.get(code="FR")) == "France"


def test_a_country_added_later_is_named_in_both_languages(db):
    country = country_for_code("pt")

    assert (country.name_en, country.name_uk) == ("Portugal", "Португалія")


def test_the_admin_edits_the_names_in_both_languages(world, client):
    log_in(client, world.admin)
    content = client.get(reverse("admin:coalitions_country_change", args=[world.a.pk])).content.decode()

    assert 'name="name_en"' in content
    assert 'name="name_uk"' in content
