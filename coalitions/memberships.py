"""Countries joining and leaving coalitions (the ministry administrator's actions).

A membership's ``joined_on`` is the first day of the first period the country reports for
and ``ended_on`` its last day; ``Membership.reports_in`` reads both, so opening a period,
the compliance page and the exports skip the periods outside them. The country's group and
its grants follow from the country (``country_group_ensure``) and lead read access from the
membership's role (``lead_access_sync``), through the signals in ``coalitions.signals``.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from accounts import access

from .models import Country, Membership


def country_for_code(code, name=None):
    """The portal's country with ISO code ``code``, created (with its group) when new: named
    ``name`` (else django-countries' name) in English and django-countries' name in Ukrainian."""
    code = str(code).upper()
    names = {}
    for language in ("en", "uk"):
        with translation.override(language):
            names[f"name_{language}"] = countries.name(code)
    names["name_en"] = name or names["name_en"]
    if not names["name_en"]:
        raise ValidationError({"country": _("Unknown country code.")})
    country, _created = Country.objects.get_or_create(code=code, defaults={"name": names["name_en"], **names})
    return country


def _reports_owed_create(membership):
    """The reports of the periods already opened that ``membership`` now owes."""
    from reports.models import PartnerReport, ReportingPeriod

    periods = ReportingPeriod.objects.filter(kind=membership.effective_cadence)
    existing = set(
        PartnerReport.objects.filter(country=membership.country, coalition=membership.coalition).values_list(
            "period_id", flat=True
        )
    )
    new = [
        PartnerReport(period=period, country=membership.country, coalition=membership.coalition)
        for period in periods
        if period.pk not in existing and membership.reports_in(period)
    ]
    PartnerReport.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def membership_add(*, user, country_code, coalition, role, cadence, first_period_start):
    """Add a country to ``coalition`` from the period starting on ``first_period_start``.

    A country that left the coalition before joins again with the new terms (its past
    reports stay). Returns the membership and the number of reports created for periods
    already open.
    """
    if not access.may_manage_memberships(user):
        raise PermissionDenied
    country = country_for_code(country_code)
    if country.is_recipient:
        raise ValidationError({"country": _("Ukraine receives; it is not a member.")})
    override = "" if cadence == coalition.cadence else cadence
    membership = Membership.objects.select_for_update().filter(country=country, coalition=coalition).first()
    if membership is not None and membership.ended_on is None:
        raise ValidationError(
            {
                "country": _("%(country)s is already a member of %(coalition)s.")
                % {"country": country, "coalition": coalition}
            }
        )
    if membership is None:
        membership = Membership(country=country, coalition=coalition)
    membership.role, membership.cadence = role, override
    membership.joined_on, membership.ended_on = first_period_start, None
    membership.full_clean()
    membership.save()
    return membership, _reports_owed_create(membership)


@transaction.atomic
def membership_end(*, user, membership, ended_on):
    """End ``membership`` on ``ended_on``: no report is owed for a period starting later.

    Past reports stay; empty drafts of periods after the end, opened in advance, go.
    """
    if not access.may_manage_memberships(user):
        raise PermissionDenied
    from reports.models import PartnerReport, ReportStatus

    current = Membership.objects.select_for_update().get(pk=membership.pk)
    if current.ended_on is not None:
        raise ValidationError(_("This membership has already ended."))
    if current.joined_on and ended_on < current.joined_on - datetime.timedelta(days=1):
        raise ValidationError(
            {"ended_on": _("A membership cannot end before it begins (%s).") % current.joined_on}
        )
    current.ended_on = ended_on
    current.save()
    PartnerReport.objects.filter(
        country=current.country,
        coalition=current.coalition,
        period__start__gt=ended_on,
        status=ReportStatus.DRAFT,
        revision=1,
        deliveries__isnull=True,
        plans__isnull=True,
    ).delete()
    return current
