"""The commitment list's rows, written in Python (coalitions/templatetags/commitments.py) from
rows that carry names in every language (coalitions.selectors.commitment_list_shown): each
shortcut they take gives what Django's own way gives."""

import datetime
import random
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import date_format, number_format

from coalitions import selectors
from coalitions.models import Capability, Coalition, Commitment, Country, quantity_with_unit
from coalitions.names import translated
from coalitions.templatetags.commitments import _date, _quantity, number_formatter
from tests import factories as f

NUMBERS = [0, 1, 7, 999, 1000, 1001, 12345, 999999, 1000000, -1, -1234, -999999, 10**15 + 7, 2**63 - 1]
NUMBERS += random.Random(18).sample(range(-(10**12), 10**12), 200)


@pytest.mark.parametrize("language", ["en", "uk"])
def test_the_table_number_format_is_django_number_format(language):
    with translation.override(language):
        number = number_formatter()
        assert [number(n) for n in NUMBERS] == [number_format(n) for n in NUMBERS]
        for value in (Decimal("1234.5"), Decimal("-0.25"), 1234.75, Decimal("1000000")):
            assert number(value) == number_format(value)


@pytest.mark.parametrize("language", ["en", "uk"])
def test_kept_dates_and_quantities_are_what_django_writes(language):
    with translation.override(language):
        days = [datetime.date(2022, 1, 1) + datetime.timedelta(days=n * 37) for n in range(40)]
        assert [_date(language, day) for day in days] == [date_format(day) for day in days]
        for quantity in (1, 2, 5, 21, 22, 25, 111, 1234, 1000001):
            for unit in ("rounds", "pieces", "systems", "sets", "persons"):
                assert _quantity(language, quantity, unit) == quantity_with_unit(quantity, unit)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "uk"])
def test_names_read_with_the_rows_are_the_model_attributes(world, language):
    """Including a Ukrainian name that is missing (NULL) or empty: both fall back to English."""
    Country.objects.filter(pk=world.a.pk).update(name_uk="Країна А")
    Coalition.objects.filter(pk=world.coalition.pk).update(name_uk="")
    Capability.objects.filter(pk=world.capability.pk).update(name_uk=None)
    f.CommitmentFactory(country=world.a, capability=world.capability, quantity=None)
    shown = selectors.commitment_list_shown(Commitment.objects.order_by("pk"))
    models = Commitment.objects.select_related("country", "coalition", "capability").order_by("pk")
    with translation.override(language):
        assert [
            (
                translated(row, "country__name", Country),
                translated(row, "coalition__name", Coalition),
                translated(row, "capability__name", Capability),
                row.capability_unit,
            )
            for row in shown
        ] == [(c.country.name, c.coalition.name, c.capability.name, c.capability.unit) for c in models]
        assert {c.country.name for c in models} >= {"Країна А" if language == "uk" else world.a.name_en}


@pytest.mark.django_db
def test_totals_read_with_the_rows_are_the_kept_totals(world):
    plain = selectors.with_progress(Commitment.objects.order_by("pk"), world.users["analyst"])
    joined = selectors.with_progress(
        selectors.commitment_list_shown(Commitment.objects.order_by("pk")), world.users["analyst"]
    )
    figures = [(c.pk, c.delivered, c.provisional, c.remaining, c.fulfilment) for c in plain]
    assert [(c.pk, c.delivered, c.provisional, c.remaining, c.fulfilment) for c in joined] == figures
    assert any(delivered or provisional for _, delivered, provisional, _, _ in figures)
