"""The reference data: eight coalitions, their leads and members, the catalogue, Ukraine."""

import csv
from pathlib import Path

import pghistory.models
import pytest
from django.conf import settings
from django.core.management import call_command
from guardian.shortcuts import get_perms

from coalitions import reference
from coalitions.models import (
    LEAD_ROLES,
    Capability,
    CapabilityAlias,
    Coalition,
    Country,
    Membership,
    MembershipRole,
)

pytestmark = pytest.mark.django_db

SLUGS = ["air-force", "armour", "artillery", "demining", "drone", "iamd", "it", "maritime"]


def shared_csv():
    """The research notes the reference was written from (outside the repository)."""
    for root in (settings.BASE_DIR.parent, settings.BASE_DIR.parent.parent):
        path = Path(root) / "shared" / "data" / "reference" / "capability_coalitions.csv"
        if path.exists():
            return path
    pytest.skip("../shared/data/reference/capability_coalitions.csv is not on this machine")


@pytest.fixture
def loaded():
    return reference.reference_load()


def leads_of(slug):
    memberships = Membership.objects.filter(coalition__slug=slug, role__in=LEAD_ROLES)
    return sorted(memberships.values_list("country__code", flat=True))


def test_eight_coalitions(loaded):
    assert sorted(Coalition.objects.values_list("slug", flat=True)) == SLUGS
    assert loaded == {"countries": 29, "coalitions": 8, "capabilities": Capability.objects.count()}


def test_every_coalition_has_a_launch_date_and_description(loaded):
    assert Coalition.objects.filter(launched_on__isnull=True).count() == 0
    assert Coalition.objects.filter(description="").count() == 0


def test_co_leads_are_lead_and_co_lead_memberships(loaded):
    assert leads_of("artillery") == ["FR", "US"]
    assert leads_of("drone") == ["GB", "LV"]
    assert leads_of("air-force") == ["DK", "NL", "US"]
    assert Membership.objects.get(coalition__slug="drone", country__code="LV").role == MembershipRole.LEAD
    assert Membership.objects.get(coalition__slug="drone", country__code="GB").role == MembershipRole.CO_LEAD
    assert Membership.objects.filter(role=MembershipRole.LEAD).count() == 8


def test_lead_countries_groups_hold_lead_grants(loaded):
    drone = Coalition.objects.get(slug="drone")

    assert get_perms(Country.objects.get(code="LV").group, drone) == ["lead_coalition"]
    assert get_perms(Country.objects.get(code="BE").group, drone) == []


def test_demining_has_only_its_co_leads(loaded):
    codes = Membership.objects.filter(coalition__slug="demining").values_list("country__code", flat=True)
    assert sorted(codes) == ["IS", "LT"]


def test_ukraine_is_the_recipient_and_no_member(loaded):
    ukraine = Country.objects.get(code="UA")

    assert ukraine.is_recipient is True
    assert list(Country.objects.filter(is_recipient=True)) == [ukraine]
    assert ukraine.memberships.count() == 0


def test_every_capability_belongs_to_a_coalition_and_validates(loaded):
    for capability in Capability.objects.all():
        capability.full_clean()
    per_coalition = {c.slug: c.capabilities.count() for c in Coalition.objects.all()}
    assert min(per_coalition.values()) >= 6
    assert Capability.objects.get(code="art-shell-155").coalition.slug == "artillery"
    assert Capability.objects.get(code="dr-fpv").coalition.slug == "drone"


def test_aliases_map_kiel_item_names_to_capabilities(loaded):
    assert CapabilityAlias.objects.get(text="155mm artillery round").capability.code == "art-shell-155"
    assert CapabilityAlias.objects.get(text="M113 armored personnel carrier").capability.code == "arm-apc"


def test_alias_texts_are_unique_ignoring_case(loaded):
    texts = [text.casefold() for text in CapabilityAlias.objects.values_list("text", flat=True)]
    assert len(texts) == len(set(texts)) > 50


def test_second_load_changes_nothing(loaded):
    models = (Country, Coalition, Membership, Capability, CapabilityAlias)
    before = [m.objects.count() for m in models] + [pghistory.models.Events.objects.count()]

    reference.reference_load()

    after = [m.objects.count() for m in models] + [pghistory.models.Events.objects.count()]
    assert after == before


def test_load_restores_a_changed_lead_role(loaded):
    membership = Membership.objects.get(coalition__slug="drone", country__code="LV")
    membership.role = MembershipRole.MEMBER
    membership.save()

    reference.reference_load()

    membership.refresh_from_db()
    assert membership.role == MembershipRole.LEAD
    assert get_perms(Country.objects.get(code="LV").group, membership.coalition) == ["lead_coalition"]


def test_load_reference_command(capsys):
    call_command("load_reference")

    assert Coalition.objects.count() == 8
    assert "8 coalitions" in capsys.readouterr().out


def test_reference_matches_the_research_notes():
    with shared_csv().open(encoding="utf-8") as notes:
        rows = {row["slug"]: row for row in csv.DictReader(notes)}
    ours = {spec["slug"]: spec for spec in reference.COALITIONS}

    assert sorted(rows) == sorted(ours)
    for slug, row in rows.items():
        spec = ours[slug]
        assert ";".join(spec["leads"]) == row["co_leads_iso2"], slug
        assert spec["launched_on"].isoformat() == row["launched"], slug
        named = set(row["known_members_iso2"].split(";")) - {reference.RECIPIENT}
        assert set(spec["leads"]) | set(spec["members"]) == named, slug
