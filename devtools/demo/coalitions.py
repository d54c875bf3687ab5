"""Demo data: the reference data, Ukraine's needs, partner commitments and demo users.

Everything is keyed by natural keys (capability and quarter for needs, the demo partner
reference for commitments, the username for users) and drawn from generators seeded by
those keys, so a second run finds every row in place and changes nothing.
"""

import datetime
import random
from functools import cache

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from accounts.models import Role, User
from accounts.services import user_country_set
from coalitions.models import (
    Cadence,
    Capability,
    Coalition,
    Commitment,
    CommitmentStatus,
    Country,
    Membership,
    Need,
    Priority,
    Source,
)
from coalitions.reference import reference_load
from coalitions.services import commitment_create

LEAD_COUNTRIES = ("FR", "DE", "PL", "GB", "US", "LV")
OTHER_COUNTRIES = ("BE", "SE", "FI", "IT", "NL", "CZ")
DEMO_COUNTRIES = LEAD_COUNTRIES + OTHER_COUNTRIES
OBSERVER_GROUP = "observers-nsatu"
OBSERVED_COALITIONS = ("artillery", "iamd")
MONTHLY_PLANNERS = (("drone", "PL"),)  # memberships that plan month by month
NEED_YEAR = 2026
NEED_QUARTERS = (1, 2, 3, 4)

# capability code -> (Ukraine's need per quarter, unit price in EUR)
FIGURES = {
    "art-shell-155": (300_000, 4_000),
    "art-shell-155-guided": (2_000, 80_000),
    "art-shell-105": (60_000, 1_500),
    "art-mortar-120": (90_000, 1_200),
    "art-mlrs-rocket": (1_500, 150_000),
    "art-spg-155": (24, 8_000_000),
    "art-towed-155": (30, 3_500_000),
    "art-towed-105": (20, 1_500_000),
    "art-mlrs": (8, 5_000_000),
    "art-barrel-155": (400, 120_000),
    "art-cb-radar": (6, 10_000_000),
    "art-repair": (120, 400_000),
    "art-crew-training": (600, 20_000),
    "af-f16": (6, 30_000_000),
    "af-munitions": (400, 250_000),
    "af-spares": (30, 2_000_000),
    "af-ground-support": (10, 1_500_000),
    "af-maintenance": (12, 1_000_000),
    "af-pilot-training": (12, 3_000_000),
    "af-technician-training": (150, 60_000),
    "ad-patriot-interceptor": (120, 4_000_000),
    "ad-iris-t-interceptor": (200, 400_000),
    "ad-nasams-interceptor": (150, 1_000_000),
    "ad-manpads-missile": (500, 400_000),
    "ad-shorad-ammo": (200_000, 1_000),
    "ad-patriot-launcher": (8, 10_000_000),
    "ad-iris-t-unit": (2, 140_000_000),
    "ad-nasams-unit": (2, 100_000_000),
    "ad-shorad": (12, 5_000_000),
    "ad-radar": (10, 15_000_000),
    "ad-crew-training": (300, 40_000),
    "arm-mbt": (60, 5_000_000),
    "arm-ifv": (100, 3_000_000),
    "arm-apc": (150, 800_000),
    "arm-mrap": (200, 600_000),
    "arm-recovery": (20, 3_000_000),
    "arm-tank-ammo": (20_000, 7_000),
    "arm-spares": (120, 250_000),
    "arm-repair": (150, 300_000),
    "arm-crew-training": (800, 25_000),
    "mar-patrol-boat": (20, 3_000_000),
    "mar-mcmv": (1, 60_000_000),
    "mar-usv": (150, 250_000),
    "mar-uuv": (10, 1_500_000),
    "mar-coastal-missile": (40, 1_500_000),
    "mar-boat-repair": (30, 200_000),
    "mar-crew-training": (200, 30_000),
    "it-laptop": (5_000, 1_200),
    "it-server": (60, 40_000),
    "it-secure-comms": (400, 25_000),
    "it-satcom-terminal": (3_000, 2_500),
    "it-software": (500, 5_000),
    "it-cyber-training": (400, 8_000),
    "dm-machine": (15, 1_000_000),
    "dm-detector": (2_000, 8_000),
    "dm-survey-drone": (60, 50_000),
    "dm-charge": (3_000, 15_000),
    "dm-protective-kit": (3_000, 3_000),
    "dm-training": (1_500, 5_000),
    "dr-fpv": (400_000, 400),
    "dr-long-range": (1_500, 150_000),
    "dr-loitering": (2_000, 100_000),
    "dr-recon": (600, 50_000),
    "dr-ew": (200, 200_000),
    "dr-counter-uas": (40, 1_500_000),
    "dr-components": (20_000, 10_000),
    "dr-operator-training": (3_000, 6_000),
}

STATUS_WEIGHTS = {
    CommitmentStatus.PLEDGED: 2,
    CommitmentStatus.COMMITTED: 4,
    CommitmentStatus.IN_DELIVERY: 4,
    CommitmentStatus.FULFILLED: 2,
    CommitmentStatus.CANCELLED: 1,
}
PRIORITIES = (Priority.CRITICAL, Priority.HIGH, Priority.HIGH, Priority.MEDIUM, Priority.LOW)
CANCEL_REASON = "Superseded by a larger package."
SHARES = (0.02, 0.05, 0.1, 0.2, 0.4)  # of the yearly need one commitment covers


def seed(*, password, stdout):
    reference_load()
    for slug, code in MONTHLY_PLANNERS:
        Membership.objects.filter(coalition__slug=slug, country__code=code).update(cadence=Cadence.MONTHLY)
    needs_seed()
    commitments_seed()
    logins = users_seed(password)
    logins_print(logins, password, stdout)


def needs_seed():
    for capability in Capability.objects.filter(code__in=FIGURES):
        base = FIGURES[capability.code][0]
        rng = random.Random(f"need/{capability.code}")
        priority = rng.choice(PRIORITIES)
        for quarter in NEED_QUARTERS:
            Need.objects.update_or_create(
                coalition_id=capability.coalition_id,
                capability=capability,
                year=NEED_YEAR,
                quarter=quarter,
                defaults={"quantity": _round(base * rng.uniform(0.8, 1.2)), "priority": priority},
            )


def commitments_seed():
    memberships = Membership.objects.filter(country__code__in=DEMO_COUNTRIES).select_related(
        "country", "coalition"
    )
    for membership in memberships:
        capabilities = list(
            Capability.objects.filter(coalition=membership.coalition, code__in=FIGURES).order_by("code")
        )
        rng = random.Random(f"commitments/{membership.country.code}/{membership.coalition.slug}")
        for capability in rng.sample(capabilities, k=min(3, len(capabilities))):
            _commitment_ensure(membership.country, membership.coalition, capability, rng)


def _commitment_ensure(country, coalition, capability, rng):
    reference = f"DEMO-{country.code}-{capability.code}".upper()
    if Commitment.objects.filter(country=country, partner_reference=reference).exists():
        return
    need, price = FIGURES[capability.code]
    quantity = _round(need * 4 * rng.choice(SHARES))
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    undisclosed = rng.random() < 0.15
    commitment_create(
        data={
            "country": country,
            "coalition": coalition,
            "capability": capability,
            "quantity": None if undisclosed else quantity,
            "value_eur": quantity * price if not undisclosed or rng.random() < 0.5 else None,
            "source": rng.choice(Source.values),
            "status": status,
            "cancel_reason": CANCEL_REASON if status == CommitmentStatus.CANCELLED else "",
            "announced_on": datetime.date(2024, 1, 15) + datetime.timedelta(days=rng.randrange(800)),
            "partner_reference": reference,
        }
    )


def _round(value):
    """``value`` rounded to two significant digits, at least 1 (figures like announced ones)."""
    value = max(1, int(value))
    return round(value, 2 - len(str(value)))


def users_seed(password):
    """Create or update the demo users; return (username, role, country) for each."""
    logins = [("admin", Role.ADMIN, None), ("analyst", Role.ANALYST, None), ("reviewer", Role.REVIEWER, None)]
    logins += [("ministry-admin", Role.MINISTRY_ADMIN, None), ("observer", Role.OBSERVER, None)]
    for code in DEMO_COUNTRIES:
        country = Country.objects.get(code=code)
        logins.append((f"focal-{code.lower()}", Role.FOCAL_POINT, country))
        logins += [(f"{role}-{code.lower()}", role, country) for role in (Role.OFFICER, Role.VIEWER)]
    set_password = _password_setter(password)
    for username, role, country in logins:
        user, _created = User.objects.get_or_create(username=username)
        _user_update(user, role=role, email=f"{username}@demo.invalid", set_password=set_password)
        user_country_set(user=user, country=country)
    User.objects.get(username="observer").groups.add(_observer_group())
    return logins


def _user_update(user, *, role, email, set_password):
    wanted = {
        "role": role,
        "email": email,
        "is_active": True,
        "is_staff": role == Role.ADMIN,
        "is_superuser": role == Role.ADMIN,
    }
    changed = [field for field, value in wanted.items() if getattr(user, field) != value]
    for field in changed:
        setattr(user, field, wanted[field])
    if set_password(user):
        changed.append("password")
    if changed:
        user.save(update_fields=changed)


def _password_setter(password):
    """A function that gives a user ``password`` unless they have it; True when it changed.

    Demo users share one hash, so checking them all costs one slow hash, not one each.
    """
    hashed = make_password(password)
    matches = cache(lambda encoded: check_password(password, encoded))

    def set_password(user):
        if user.has_usable_password() and matches(user.password):
            return False
        user.password = hashed
        return True

    return set_password


def _observer_group():
    group, _created = Group.objects.get_or_create(name=OBSERVER_GROUP)
    for coalition in Coalition.objects.filter(slug__in=OBSERVED_COALITIONS):
        assign_perm("coalitions.observe_coalition", group, coalition)
    return group


def logins_print(logins, password, stdout):
    stdout.write(_("Demo logins (password: %(password)s)") % {"password": password})
    headers = (_("username"), _("role"), _("country"))  # makemessages misses _() in f-strings
    stdout.write("  {:<14} {:<22} {}".format(*headers))
    for username, role, country in logins:
        stdout.write(f"  {username:<14} {str(role.label):<22} {country or '-'}")
