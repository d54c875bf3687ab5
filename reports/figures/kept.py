"""Pages kept between requests: their HTML, per data version and reader, shared by every app server.

The figures page computes every measure (``sums``: ~40 ms of SQL at 1M delivery lines), the
venture and training figures and ~180 KB of charts and tables: ~90 ms, against ~10 ms for a
plain page. Between two changes of the data it would compute the same HTML again and again,
so the HTML is kept in the database (``KeptFigures``) and read back with one query. The
dashboard (``reports.views.dashboard``: ~40 ms of queries and Python for each role's panels
and the most urgent needs) is kept the same way, per person (``personal``), and so is the
commitment list (``coalitions.views.commitment_list``), per query string.

- **Data version.** Every statement that changes a table the figures read (``WATCHED``: lines,
  totals, reports and their status, plans, commitments, needs, usage, memberships, ventures and
  training, the names of capabilities, coalitions and countries, periods; for the dashboard
  also review events, roadmaps and milestones, calls for contributions and user names) runs a
  statement-level trigger that records its transaction in ``FiguresChange`` — one row per
  transaction, inserted in that transaction. The version is the sum of ``FiguresChange.n``: a
  statement sees it consistent with the data (the rows of exactly the transactions it sees as
  committed), and it grows with every committed change. No shared row is updated by writers,
  so none waits for another and no lock order can deadlock; ``fold`` adds committed rows up
  into the row of ``xid`` 0 (taking only rows no other fold holds), so the table stays small.
- **Key.** A hash of everything the HTML depends on besides the data: the reader's scope as
  ``accounts.access`` gives it (role, countries, member, lead and observed coalitions: the ids
  it keeps for the request, those the figures are then computed with), the raw filter values,
  the page's address, the language, today's date (venture capacity and training run up to
  today) and the code that renders (``code()``). Readers with the same scope share an entry; a
  reader of another scope never gets it.
- **Read, else compute.** One query reads the version and the entry kept under it. On a miss
  the HTML is computed in a REPEATABLE READ transaction whose first query reads the version,
  so the HTML is exactly the data of that version, and stored under it (an entry is replaced
  only by one of a newer version). A commit after the read makes a newer version: the
  entry is then never served again (``remove_stale`` deletes it).
- **Only outside a transaction.** Inside one (a service, a test's atomic block) the figures are
  computed as if nothing were kept: a transaction always sees its own changes. The portal's
  requests run in autocommit. ``FIGURES_KEPT = False`` turns keeping off.

Data written with the triggers off (``session_replication_role = replica``: ``seed_load``,
``load_prepare``) must call ``changed()``. Migration ``reports 0012_kept_figures`` installs
``FUNCTION`` and ``TRIGGERS`` (a frozen copy; a test checks the database runs this text).
"""

import datetime
import functools
import hashlib
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from accounts import access
from accounts.models import User
from reports.filters import FIELDS, FigureFilters

# Every table whose rows the figures (``counting``, ``sums``, ``ventures``) or the filter form read.
WATCHED = (
    "coalitions_country",
    "coalitions_coalition",
    "coalitions_membership",
    "coalitions_capability",
    "coalitions_need",
    "coalitions_commitment",
    "reports_reportingperiod",
    "reports_partnerreport",
    "reports_deliveryline",
    "reports_reporttotal",
    "reports_planline",
    "reports_usagereport",
    "reports_usageline",
    "ventures_jointventure",
    "ventures_venturecapacity",
    "ventures_stagechange",
    "ventures_ventureoutput",
    "ventures_trainingprogramme",
    "ventures_trainingthroughput",
    # what the dashboard reads besides the figures' tables
    "reports_reviewevent",
    "coalitions_commitmenttotal",
    "planning_roadmap",
    "planning_roadmapversion",
    "planning_milestone",
    "planning_milestoneupdate",
    "planning_callforcontributions",
)
# Tables watched for some columns only: a user's name is shown (who returned a report), while
# their last login, written at every sign-in, changes nothing shown.
WATCHED_COLUMNS = {"accounts_user": ("username",)}

CHANGED = (
    "INSERT INTO reports_figureschange (xid, n) VALUES (pg_current_xact_id()::text::bigint, 1) "
    "ON CONFLICT (xid) DO NOTHING"
)

FUNCTION = f"""
CREATE OR REPLACE FUNCTION reports_figures_changed() RETURNS trigger AS $$
BEGIN
    -- one row per transaction that changed what the figures read: the data version grows by one
    {CHANGED};
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

TRIGGERS = "".join(
    f"""
CREATE TRIGGER reports_figures_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION reports_figures_changed();"""
    for table in WATCHED
) + "".join(
    f"""
CREATE TRIGGER reports_figures_changed AFTER INSERT OR UPDATE OF {", ".join(columns)} OR DELETE OR TRUNCATE
ON {table} FOR EACH STATEMENT EXECUTE FUNCTION reports_figures_changed();"""
    for table, columns in WATCHED_COLUMNS.items()
)

DROP = "".join(
    f"\nDROP TRIGGER IF EXISTS reports_figures_changed ON {table};" for table in (*WATCHED, *WATCHED_COLUMNS)
) + ("\nDROP FUNCTION IF EXISTS reports_figures_changed();")

VERSION = "SELECT COALESCE(SUM(n), 0)::bigint AS version FROM reports_figureschange"

READ = f"""
    WITH v AS ({VERSION})
    SELECT v.version, k.html FROM v LEFT JOIN reports_keptfigures k ON k.key = %s AND k.version = v.version"""

STORE = """
    INSERT INTO reports_keptfigures (key, version, html, stored_at) VALUES (%s, %s, %s, now())
    ON CONFLICT (key) DO UPDATE SET version = EXCLUDED.version, html = EXCLUDED.html, stored_at = now()
    WHERE reports_keptfigures.version < EXCLUDED.version"""

# Committed rows added up into row 0 (rows another fold holds are left to it): the sum stays the same.
FOLD = """
    WITH gone AS (
        DELETE FROM reports_figureschange WHERE xid IN (
            SELECT xid FROM reports_figureschange WHERE xid <> 0 FOR UPDATE SKIP LOCKED
        ) RETURNING n
    )
    INSERT INTO reports_figureschange (xid, n) SELECT 0, SUM(n) FROM gone HAVING COUNT(*) > 0
    ON CONFLICT (xid) DO UPDATE SET n = reports_figureschange.n + EXCLUDED.n"""

STALE = f"DELETE FROM reports_keptfigures WHERE version < ({VERSION})"

# What renders kept HTML: a change to any of these files (a deployment) gives new keys.
CODE_PATHS = ("reports", "coalitions", "accounts", "config", "templates", "locale")
CODE_SUFFIXES = (".py", ".html", ".mo")


@functools.cache
def code() -> str:
    """A fingerprint of the code and translations that render figures (read once per process)."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for top in CODE_PATHS:
        for path in sorted((root / top).rglob("*")):
            if path.suffix in CODE_SUFFIXES and "migrations" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def scope(user: User) -> tuple:
    """What of ``user`` the figures depend on: the rows ``accounts.access`` gives them (the ids it
    keeps for the request, so the key holds exactly those the figures are computed with)."""
    return (
        user.pk is not None and user.is_active,
        user.role,
        user.is_superuser,
        tuple(access.country_ids(user)),
        tuple(access.editable_country_ids(user)),
        tuple(access.member_coalition_ids(user)),
        tuple(access.lead_coalition_ids(user)),
        tuple(access.observed_coalition_ids(user)),
    )


def key(
    what: str,
    user: User,
    filters: FigureFilters | None,
    today: datetime.date | None = None,
    *,
    personal: bool = False,
) -> str:
    """The entry of ``what`` (a page's name and address) for ``user`` under ``filters`` (None: a
    page without filters), in the active language, today; ``personal``: for ``user`` alone (a page
    that shows what a person did or must do), not for every reader of the same scope."""
    raw = tuple(str(filters.data.get(name, "")) for name in FIELDS) if filters is not None else ()
    # the day in TIME_ZONE (ventures, training) and the server's (the form's years: reports.filters)
    days = (today or timezone.localdate(), datetime.date.today())
    who = user.pk if personal else None
    parts = (what, scope(user), who, raw, translation.get_language(), days, code())
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def version() -> int:
    """The data version this transaction (or statement) sees."""
    with connection.cursor() as cursor:
        cursor.execute(VERSION)
        return cursor.fetchone()[0]


def html(
    what: str,
    user: User,
    filters: FigureFilters | None,
    render: Callable[[], str],
    *,
    personal: bool = False,
) -> SafeString:
    """The HTML ``render()`` gives (figures for ``user`` under valid ``filters``, or a page
    without filters), kept at the current data version; rendered anew inside a transaction or
    with keeping off."""
    if not settings.FIGURES_KEPT or connection.in_atomic_block:
        return render()
    entry = key(what, user, filters, personal=personal)
    with connection.cursor() as cursor:
        cursor.execute(READ, [entry])
        _version, kept = cursor.fetchone()
    if kept is not None:
        return mark_safe(kept)  # noqa: S308 — HTML this module rendered and stored
    with transaction.atomic():
        with connection.cursor() as cursor:
            # one snapshot for the version and every figure: the HTML is exactly that version's
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        at = version()
        body = render()
    with connection.cursor() as cursor:
        cursor.execute(STORE, [entry, at, str(body)])
        fold(cursor)
    return body


def fold(cursor=None) -> None:
    """Add the committed change rows up into one (the version stays the same)."""
    if cursor is None:
        with connection.cursor() as cursor:
            cursor.execute(FOLD)
    else:
        cursor.execute(FOLD)


def changed() -> None:
    """Record a change made with the triggers off (bulk loads): the next read computes anew."""
    with connection.cursor() as cursor:
        cursor.execute(CHANGED)


def remove_stale() -> int:
    """Delete the entries of older versions (never served again); how many."""
    with connection.cursor() as cursor:
        cursor.execute(STALE)
        removed = cursor.rowcount
        fold(cursor)
    return removed
