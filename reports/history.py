"""Reading pghistory's events, and writing them as a person reads them: the activity page and
every "change history" (a report's, a commitment's) go through ``entries``: field labels, old
→ new values in words (names for foreign keys, labels for choices, dates in the user's
language), the actor, a link to the object; internal fields are left out."""

import datetime
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pghistory import core as pghistory_core
from pghistory import utils as pghistory_utils
from pghistory.models import MiddlewareEvents

from accounts.events import describe

HISTORY_LIMIT = 200


@contextmanager
def no_jit():
    """Read events without PostgreSQL's JIT: the union over every event table looks costly
    to the planner, which then spent ~0.8 s compiling a query that runs in milliseconds."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        yield


def with_users(events):
    """Attach ``actor`` (the user from the event's context, or None) to each event."""
    events = list(events)
    ids = {e.pgh_context.get("user") for e in events if e.pgh_context}
    users = get_user_model().objects.in_bulk([i for i in ids if i])
    for event in events:
        context = event.pgh_context or {}
        event.actor = users.get(context.get("user"))
        event.command = context.get("command", "")
        event.url_path = context.get("url", "")
        event.api_token = context.get("api_token", "")  # made through the API with this token
    return events


def for_object(obj, limit=HISTORY_LIMIT, slugs=None):
    """Events of ``obj`` and of every row pointing at it (a report's lines), newest first.

    The newest ``limit`` events are chosen in one plain query over the event tables (the
    events aggregate's union, with its data and diff columns, cost ~5 ms to plan even when it
    finds nothing); only those events are then read with their data and diff. ``slugs``: the
    newest ``limit`` slugs when the caller read them already (``newest_slugs_sql``)."""
    if slugs is None:
        sql, params = newest_slugs_sql(type(obj), "%s", limit)
        with connection.cursor() as cursor:
            cursor.execute(sql, [obj.pk if p is _OBJ else p for p in params])
            slugs = [row[0] for row in cursor.fetchall()]
    if not slugs:
        return []
    with no_jit():
        return _described(MiddlewareEvents, slugs)


_OBJ = object()  # where ``newest_slugs_sql``'s parameters take the object's pk


def newest_slugs_sql(model, pk, limit=HISTORY_LIMIT):
    """SQL for the slugs (``app.ModelEvent:pgh_id``) of the newest ``limit`` events referencing
    an object of ``model`` whose pk is the SQL ``pk`` (``%s``: then ``_OBJ`` stands for it in
    the parameters; or a column of an outer query): the event tables and columns
    ``MiddlewareEvents.objects.references(obj)`` reads, in its order (newest first).
    Returns (sql, params)."""
    model = model._meta.concrete_model
    selects, params = [], []
    for event_model in pghistory_core.event_models(references_model=model):
        columns = [f.column for f in event_model._meta.fields if pghistory_utils.related_model(f) == model]
        where = " OR ".join(f"{connection.ops.quote_name(column)} = {pk}" for column in columns)
        table = connection.ops.quote_name(event_model._meta.db_table)
        slug = "CONCAT(%s::text, ':', pgh_id) AS pgh_slug"
        selects.append(f"SELECT {slug}, pgh_created_at, pgh_id FROM {table} WHERE {where}")
        params += [event_model._meta.label, *([_OBJ] * len(columns) if pk == "%s" else [])]
    if not selects:
        return "SELECT NULL::text WHERE false", []
    events = " UNION ALL ".join(selects)
    order = "ORDER BY pgh_created_at DESC, pgh_id DESC, pgh_slug LIMIT %s"  # the slug: ties in one order
    return f"SELECT pgh_slug FROM ({events}) events {order}", [*params, limit]


def of_object(obj, limit=HISTORY_LIMIT):
    """The changes of ``obj`` itself (not of rows pointing at it), newest first."""
    with no_jit():
        events = MiddlewareEvents.objects.tracks(obj).order_by("-pgh_created_at", "-pgh_id")
        return page_of(events, 1, limit).object_list


def activity(*, country=None, user=None, since=None, until=None, oldest_first=False):
    """Every tracked change, newest first, narrowed to rows referencing ``country``,
    made by ``user`` and between the dates given."""
    events = MiddlewareEvents.objects.all()
    if country is not None:
        events = events.references(country)
    if user is not None:
        events = events.filter(pgh_context__user=user.pk)
    if since:
        events = events.filter(pgh_created_at__date__gte=since)
    if until:
        events = events.filter(pgh_created_at__date__lte=until)
    if oldest_first:
        return events.order_by("pgh_created_at", "pgh_id")
    return events.order_by("-pgh_created_at", "-pgh_id")


def page_of(events, number, size):
    """Page ``number`` of ``events``. The page is chosen on event keys alone, then only its
    rows get their data and diff: computing those for every event took 0.35 s at 20k events."""
    page = Paginator(events.values_list("pgh_slug", flat=True), size).get_page(number)
    page.object_list = _described(events.model, list(page.object_list))
    return page


def _described(events_model, slugs):
    """The events ``slugs`` (of the aggregate ``events_model``) in that order, ready to read.

    They are asked for by event model and ``pgh_id``, which PostgreSQL finds by each event
    table's primary key: asked for by slug (a text computed from both), it read every row of
    every table named (1 s for the 200 newest events of a report at 100,000 line events, and
    growing with every line ever written). Each event's diff compares it with the event before
    it of the same row, found by the tables' (``pgh_obj``, ``pgh_id``) index
    (``coalitions.models.tracked``)."""
    if not slugs:
        return []
    rank = {slug: n for n, slug in enumerate(slugs)}
    ids = defaultdict(list)
    for slug in slugs:
        label, _sep, pk = slug.rpartition(":")
        ids[label].append(int(pk))
    wanted = reduce(or_, (Q(pgh_model=label, pgh_id__in=pks) for label, pks in ids.items()))
    rows = events_model.objects.across(*ids).filter(wanted)
    return readable(describe(with_users(sorted(rows, key=lambda event: rank[event.pgh_slug]))))


# --- What a person reads: one formatter for the activity page and every change history ------

# Fields of a row that say nothing to a reader: its identity, optimistic lock, bookkeeping.
HIDDEN_FIELDS = {
    "id",
    "version",
    "created_at",
    "updated_at",
    "import_key",
    "password",
    "last_login",
    "search",
}
ACTIONS = {
    "insert": gettext_lazy("Created"),
    "update": gettext_lazy("Changed"),
    "delete": gettext_lazy("Deleted"),
    "deleted": gettext_lazy("Deleted"),
    "created": gettext_lazy("Created"),
    "snapshot": gettext_lazy("Changed"),
}
# Where an object of each model is shown: a function of the event's data giving URL arguments.
LINKS = {
    "coalitions.Commitment": ("coalitions:commitment_detail", lambda d: {"pk": d.get("id")}),
    "coalitions.Need": ("planning:need_detail", lambda d: {"pk": d.get("id")}),
    "reports.PartnerReport": ("report_detail", lambda d: {"kind": "partner", "pk": d.get("id")}),
    "reports.UsageReport": ("report_detail", lambda d: {"kind": "usage", "pk": d.get("id")}),
    "reports.DeliveryLine": ("report_detail", lambda d: {"kind": "partner", "pk": d.get("report_id")}),
    "reports.PlanLine": ("report_detail", lambda d: {"kind": "partner", "pk": d.get("report_id")}),
    "reports.UsageLine": ("report_detail", lambda d: {"kind": "usage", "pk": d.get("report_id")}),
    "reports.DataFlag": ("report_detail", lambda d: {"kind": "partner", "pk": d.get("partner_report_id")}),
}


@dataclass
class Entry:
    """One change as a person reads it."""

    when: datetime.datetime
    actor: str
    action: str
    what: str  # the kind of object and its name: "Commitment: Belgium – 155 mm shells (5,000)"
    url: str = ""
    summary: str = ""
    changes: list = field(default_factory=list)  # (field label, before, after) as text
    api_token: str = ""  # the name of the API token the change was made through


def _model(label):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _fields(model):
    """The fields a reader sees, by the column name the event's data uses (``country_id``)."""
    if model is None:
        return {}
    return {
        f.attname: f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in HIDDEN_FIELDS and not f.name.startswith("total")
    }


def _names(events):
    """Every object the events name (their own objects and foreign keys), read in one query
    per model: ``{(model, pk): text}``."""
    wanted: dict = defaultdict(set)
    for event in events:
        model = _model(event.pgh_obj_model)
        if model is not None and event.pgh_obj_id is not None:
            wanted[model].add(event.pgh_obj_id)
        fields = _fields(model)
        for name, values in (event.pgh_diff or {}).items():
            f = fields.get(name)
            if f is not None and f.is_relation:
                wanted[f.related_model].update(v for v in values if v is not None)
    names = {}
    for model, ids in wanted.items():
        clean = [_pk(model, i) for i in ids]
        rows = model._base_manager.select_related().in_bulk([i for i in clean if i is not None])
        names.update({(model, pk): str(obj) for pk, obj in rows.items()})
    return names


def _pk(model, value):
    try:
        return model._meta.pk.to_python(value)
    except (TypeError, ValueError, ValidationError):
        return None


def value_text(f, value, names):
    """A stored value as a person writes it: names for foreign keys, labels for choices, dates
    and times in the user's language, Yes/No, "—" for nothing."""
    if value is None or value == "":
        return "—"
    if f.is_relation:
        return names.get((f.related_model, _pk(f.related_model, value)), f"#{value}")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    try:
        python = f.to_python(value)
    except ValidationError:
        return str(value)
    if isinstance(python, bool):
        return _("Yes") if python else _("No")
    if isinstance(python, datetime.datetime):
        return formats.date_format(timezone.localtime(python), "SHORT_DATETIME_FORMAT")
    if isinstance(python, datetime.date):
        return formats.date_format(python, "SHORT_DATE_FORMAT")
    if isinstance(python, int | float | Decimal):
        return formats.number_format(python, force_grouping=True)
    return str(python)


def _changes(event, fields, names):
    return [
        (
            capfirst(fields[name].verbose_name),
            value_text(fields[name], old, names),
            value_text(fields[name], new, names),
        )
        for name, (old, new) in (event.pgh_diff or {}).items()
        if name in fields
    ]


def _url(event):
    route = LINKS.get(event.pgh_obj_model)
    if route is None or event.pgh_label in ("delete", "deleted"):
        return ""
    kwargs = route[1](event.pgh_data or {})
    return reverse(route[0], kwargs=kwargs) if all(v is not None for v in kwargs.values()) else ""


def readable(events):
    """Give each of ``events`` (with ``actor``, ``command`` and ``summary`` from ``with_users``
    and ``describe``) its ``entry``: the change as a person reads it. One query per model the
    events name, whatever their number."""
    names = _names(events)
    for event in events:
        model = _model(event.pgh_obj_model)
        kind = capfirst(model._meta.verbose_name) if model else event.pgh_obj_model
        name = names.get((model, _pk(model, event.pgh_obj_id))) if model else None
        action = ACTIONS.get(event.pgh_label) or capfirst(event.pgh_label.replace("_", " "))
        actor = event.actor.get_username() if getattr(event, "actor", None) else getattr(event, "command", "")
        event.entry = Entry(
            when=event.pgh_created_at,
            actor=actor or "—",
            action=str(action),
            what=f"{kind}: {name}" if name else f"{kind} #{event.pgh_obj_id}",
            url=_url(event),
            summary=getattr(event, "summary", ""),
            changes=_changes(event, _fields(model), names),
            api_token=getattr(event, "api_token", ""),
        )
    return events
