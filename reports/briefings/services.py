"""Making a briefing: ``build_briefing`` is the one way, for a page or a background task."""

import datetime
import time

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User
from coalitions.models import Coalition, Country
from reports import prepared
from reports.models import Briefing

from . import render, sections


def previous(*, user: User, coalition: Coalition | None, country: Country | None) -> Briefing | None:
    """The latest briefing of the same scope that ``user`` may read (where "changes since" starts)."""
    same = Briefing.objects.for_user(user).filter(coalition=coalition, country=country)
    return same.defer("pdf").first()


def title(*, coalition: Coalition | None, country: Country | None, period_from: str, period_to: str) -> str:
    """The briefing's title in the active language."""
    scope = coalition.name if coalition else _("All coalitions")
    if country:
        scope = f"{scope} – {country.name}"
    return _("Briefing: %(scope)s, %(start)s to %(end)s") % {
        "scope": scope,
        "start": period_from,
        "end": period_to,
    }


def _snapshot(outer: bool):
    """Read every section from one snapshot of the data; its time is the briefing's data time.
    (Inside an outer transaction — tests, a task's own — that transaction is the snapshot.)"""
    with connection.cursor() as cursor:
        if not outer:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT now()")  # the transaction's start
        return cursor.fetchone()[0]


def briefing_context(
    *, user, coalition, country, period_from, period_to, language, since=None, as_of=None
) -> dict:
    """The template context of a briefing (in ``language``): every section, its title and author."""
    as_of = as_of or timezone.now()
    scope = sections.BriefingScope(user, coalition, country, period_from, period_to, as_of, since)
    with translation.override(language):
        name = title(coalition=coalition, country=country, period_from=period_from, period_to=period_to)
        return sections.build(scope) | {"title": name, "author": _author(user), "language": language}


def build_briefing(
    *,
    user: User,
    coalition: Coalition | None = None,
    country: Country | None = None,
    period_from: str,
    period_to: str,
    language: str = "en",
    since=None,
) -> Briefing:
    """Make, store and return the briefing of ``coalition`` (None: all coalitions) narrowed to
    ``country`` (None: the whole coalition) for the quarters ``period_from``–``period_to`` in
    ``language``, as ``user`` may see it. ``since``: list changes after this time (default:
    the data time of the previous briefing of the same scope).

    A plain function: the pages call it, and a background task can for long briefings (all
    coalitions). Raises PermissionDenied outside the user's briefing scopes."""
    if not access.may_brief(user, coalition, country):
        raise PermissionDenied
    started = time.perf_counter()
    if since is None and (earlier := previous(user=user, coalition=coalition, country=country)):
        since = earlier.data_as_of
    outer = connection.in_atomic_block
    with transaction.atomic():
        as_of = _snapshot(outer)
        context = briefing_context(
            user=user,
            coalition=coalition,
            country=country,
            period_from=period_from,
            period_to=period_to,
            language=language,
            since=since,
            as_of=as_of,
        )
        with translation.override(language):
            document = render.html(context)
        pdf, pages = render.pdf(document)
        return Briefing.objects.create(
            coalition=coalition,
            country=country,
            period_from=period_from,
            period_to=period_to,
            language=language,
            since=since,
            data_as_of=as_of,
            created_by=user,
            title=context["title"],
            pages=pages,
            seconds=round(time.perf_counter() - started, 3),
            pdf=pdf,
        )


def prepared_arguments(arguments: dict) -> dict:
    """``build_briefing``'s arguments (the form's) as a prepared file's JSON arguments."""
    since = arguments.get("since")
    return {
        "coalition": arguments["coalition"].slug if arguments.get("coalition") else None,
        "country": str(arguments["country"].code) if arguments.get("country") else None,
        "period_from": arguments["period_from"],
        "period_to": arguments["period_to"],
        "language": arguments["language"],
        "since": since.isoformat() if since else None,
    }


def briefing_request(*, user: User, **arguments):
    """Queue the briefing (the all-coalitions one, longer than a request should take) as a
    prepared file of kind ``briefing``: the worker makes and keeps it; answer the file's row."""
    if not access.may_brief(user, arguments.get("coalition"), arguments.get("country")):
        raise PermissionDenied
    with translation.override(arguments["language"]):
        name = title(
            coalition=arguments.get("coalition"),
            country=arguments.get("country"),
            period_from=arguments["period_from"],
            period_to=arguments["period_to"],
        )
    return prepared.file_request(
        owner=user,
        kind="briefing",
        name=name,
        content_type="application/pdf",
        args=prepared_arguments(arguments),
    )


def build_prepared(*, owner: User, coalition, country, period_from, period_to, language, since) -> Briefing:
    """The worker's part of ``briefing_request``: the briefing, made as ``owner`` may see it."""
    return build_briefing(
        user=owner,
        coalition=Coalition.objects.get(slug=coalition) if coalition else None,
        country=Country.objects.get(code=country) if country else None,
        period_from=period_from,
        period_to=period_to,
        language=language,
        since=datetime.datetime.fromisoformat(since) if since else None,
    )


def _author(user: User) -> str:
    return user.get_full_name() or user.get_username()
