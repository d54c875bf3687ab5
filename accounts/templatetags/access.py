"""Templates ask accounts.access, never the user's role, what to show."""

from django import template

from accounts import access

register = template.Library()


@register.filter
def is_ministry(user):
    return access.is_ministry(user)


@register.filter
def is_analyst(user):
    return access.is_analyst(user)


@register.filter
def may_manage_lockouts(user):
    return access.may_manage_lockouts(user)


@register.filter
def may_turn_off_second_factor(user):
    return access.may_turn_off_second_factor(user)


@register.filter
def may_import(user):
    """Officers import into their reports; analysts import historical data."""
    return access.may_add_commitments(user) or access.may_import_history(user)


@register.filter
def may_manage_people(user):
    return access.may_manage_people(user)


@register.filter
def may_manage_memberships(user):
    return access.may_manage_memberships(user)


@register.filter
def may_manage_observers(user):
    return access.may_manage_observers(user)
