"""Templates ask accounts.access who may manage people and memberships."""

from django import template

from accounts import access

register = template.Library()


@register.filter
def may_manage_people(user):
    return access.may_manage_people(user)


@register.filter
def may_manage_memberships(user):
    return access.may_manage_memberships(user)
