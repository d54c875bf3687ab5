"""A commitment's history, read from the rows django-pghistory's triggers wrote."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

SHOWN_FIELDS = (
    "capability",
    "quantity",
    "value_eur",
    "source",
    "status",
    "announced_on",
    "announced_text",
    "partner_reference",
    "notes",
    "cancel_reason",
)


@dataclass
class Entry:
    when: object
    label: str
    user: str
    changes: list = field(default_factory=list)  # (field label, before, after)


def _display(event, name):
    value = getattr(event, name)
    if name == "quantity" and value is None:
        return _("undisclosed")
    if hasattr(event, f"get_{name}_display"):
        return getattr(event, f"get_{name}_display")()
    return "" if value is None else str(value)


NEED_FIELDS = ("quantity", "year", "quarter", "month", "priority", "justification", "status")


def _changes(before, after, fields=SHOWN_FIELDS):
    return [
        (after._meta.get_field(name).verbose_name, _display(before, name), _display(after, name))
        for name in fields
        if after._meta.get_field(name).value_from_object(before)
        != after._meta.get_field(name).value_from_object(after)
    ]


def _usernames(events):
    ids = {e.pgh_context.metadata.get("user") for e in events if e.pgh_context}
    users = get_user_model().objects.filter(pk__in=[i for i in ids if i is not None])
    return {user.pk: user.get_username() for user in users}


def commitment_history(commitment):
    """Entries oldest first: when, what (insert / update), who, and which fields changed."""
    return _history(commitment.events.select_related("pgh_context", "capability"), SHOWN_FIELDS)


def need_history(need):
    """A published need's changes, oldest first (members see them on the needs board)."""
    return _history(need.events.select_related("pgh_context"), NEED_FIELDS)


def _history(events, fields):
    events = list(events.order_by("pgh_id"))
    names = _usernames(events)
    entries, previous = [], None
    for event in events:
        user_id = event.pgh_context.metadata.get("user") if event.pgh_context else None
        changes = _changes(previous, event, fields) if previous else []
        entries.append(Entry(event.pgh_created_at, event.pgh_label, names.get(user_id, ""), changes))
        previous = event
    return entries
