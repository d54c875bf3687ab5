"""Templates ask accounts.access, never the user's role, what to show.

Each filter is the access predicate of the same name: ``{% if user|may_import %}``.
"""

from django import template

from accounts import access

register = template.Library()

PREDICATES = (
    "is_ministry",
    "is_analyst",
    "may_import",
    "may_manage_lockouts",
    "may_turn_off_second_factor",
    "may_manage_people",
    "may_manage_memberships",
    "may_manage_observers",
    "may_list_ventures",
    "may_read_briefings",
    "may_make_briefings",
)

for _name in PREDICATES:
    register.filter(_name, getattr(access, _name))
