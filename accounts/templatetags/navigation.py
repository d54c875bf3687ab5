"""``{% main_navigation %}``: the main menu of every page (``includes/nav.html``), written in
Python.

Every signed-in page renders it: through the template engine (two templates, 15 ``{% url %}``,
20 translations, the access filters) it took ~1 ms, about a tenth of a 50-row page; this
takes ~0.2 ms. It writes what the templates (``includes/nav.html`` and, before this,
``reports/includes/nav_links.html``) wrote, byte for byte: the links the user's rights allow
(``accounts.access``, as ``accounts/templatetags/access.py`` asked), the section of the current
page marked active. Every text is escaped as the templates escaped it: the user's name and
role, and the addresses; not the translations of the interface's own words (Django marks a
template's constant strings, and so their translations, safe).
"""

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts import access

register = template.Library()

ACTIVE = " govuk-service-navigation__item--active"
ITEM = (
    '<li class="govuk-service-navigation__item{active}">\n'
    '  <a class="govuk-service-navigation__link" href="{url}">{text}</a>\n</li>\n'
)
MINISTRY_LINK = '<li><a class="govuk-link govuk-link--no-visited-state" href="{url}">{text}</a></li>'


def _contains(name, word):
    """``word in name`` as the template's ``in`` answered it: False when there is no name."""
    return isinstance(name, str) and word in name


def _lacks(name, word):
    """``word not in name`` as the template's ``not in`` answered it: False when there is no name."""
    return isinstance(name, str) and word not in name


def _item(active, url_name, text):
    return ITEM.format(active=ACTIVE if active else "", url=escape(reverse(url_name)), text=text)


def _ministry_link(url_name, text):
    return MINISTRY_LINK.format(url=escape(reverse(url_name)), text=text)


def _section_links(user, url_name, namespace):
    """The sections of the reports app and the ministry's menu (what
    ``reports/includes/nav_links.html`` wrote; each ``{% if %}`` of it left its line's end
    behind, shown or not)."""
    ministry = access.is_ministry(user)
    parts = [
        _item(url_name in ("report_list", "report_detail"), "report_list", _("Reports")),
        _item(namespace == "exports", "exports:figures", _("Figures and exports")),
    ]
    for shown, section, url, text in (
        (access.may_list_ventures(user) and not ministry, "ventures", "ventures:venture_list", _("Ventures")),
        (access.may_import(user), "imports", "imports:index", _("Import")),
        (access.may_manage_people(user) and not ministry, "people", "people:index", _("People")),
    ):
        parts.append(("\n" + _item(namespace == section, url, text) if shown else "") + "\n")
    if ministry:
        links = [
            _ministry_link("review_queue", _("Review queue")),
            _ministry_link("compliance", _("Compliance")),
            _ministry_link("data_checks", _("Data checks")) if access.is_analyst(user) else "",
            _ministry_link("period_list", _("Periods")),
            _ministry_link("ventures:venture_list", _("Joint ventures")),
            _ministry_link("ventures:ventures_by_stage", _("Ventures by stage")),
            _ministry_link("activity", _("Activity")),
            _ministry_link("people:index", _("People")) if access.may_manage_people(user) else "",
            _ministry_link("memberships:list", _("Memberships"))
            if access.may_manage_memberships(user)
            else "",
            _ministry_link("people:observers", _("Observer organisations"))
            if access.may_manage_observers(user)
            else "",
            _ministry_link("lockouts", _("Lockouts")) if access.may_manage_lockouts(user) else "",
        ]
        parts.append(
            '\n<li class="govuk-service-navigation__item portal-nav-group">\n'
            '  <details class="portal-nav-group__details">\n'
            '    <summary class="govuk-service-navigation__link portal-nav-group__summary">'
            f"{_('Ministry')}</summary>\n"
            '    <ul class="portal-nav-group__list">\n'
            + "".join(f"      {link}\n" for link in links)
            + "    </ul>\n  </details>\n</li>\n"
        )
    parts.append("\n")
    return "".join(parts)


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """The ``<nav>`` of the signed-in user (nothing for a visitor)."""
    user = context.get("user")
    if not getattr(user, "is_authenticated", False):
        return ""
    current = getattr(context.get("request"), "resolver_match", None)
    url_name = getattr(current, "url_name", None)
    namespace = getattr(current, "namespace", None)
    in_coalitions = namespace == "coalitions"
    dashboard = url_name == "dashboard"
    csrf = context.get("csrf_token")
    csrf_input = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf)}">'
        if csrf and csrf != "NOTPROVIDED"
        else ""
    )
    account = escape(f"{user.get_username()} · {user.get_role_display()}")
    current_page = ' aria-current="page"' if dashboard else ""
    return mark_safe(
        "\n"
        f'      <nav aria-label="{_("Main")}" class="govuk-service-navigation__wrapper">\n'
        '        <button type="button" class="govuk-service-navigation__toggle'
        ' govuk-js-service-navigation-toggle"'
        f' aria-controls="navigation" hidden aria-hidden="true">{_("Menu")}</button>\n'
        '        <ul class="govuk-service-navigation__list" id="navigation">\n'
        f'          <li class="govuk-service-navigation__item{ACTIVE if dashboard else ""}">\n'
        f'            <a class="govuk-service-navigation__link" href="{escape(reverse("dashboard"))}"'
        f"{current_page}>{_('Dashboard')}</a>\n"
        "          </li>\n"
        '          <li class="govuk-service-navigation__item'
        f'{ACTIVE if in_coalitions and _lacks(url_name, "commitment") else ""}">\n'
        f'            <a class="govuk-service-navigation__link" href="{escape(reverse("coalitions:list"))}">'
        f"{_('Coalitions')}</a>\n"
        "          </li>\n"
        '          <li class="govuk-service-navigation__item'
        f'{ACTIVE if in_coalitions and _contains(url_name, "commitment") else ""}">\n'
        '            <a class="govuk-service-navigation__link"'
        f' href="{escape(reverse("coalitions:commitment_list"))}">{_("Commitments")}</a>\n'
        "          </li>\n"
        f"          {_section_links(user, url_name, namespace)}\n"
        "          \n"
        '          <li class="govuk-service-navigation__item portal-nav-account">\n'
        f'            <span class="portal-nav-account__user">{account}</span>\n'
        "          </li>\n"
        '          <li class="govuk-service-navigation__item portal-nav-account">\n'
        '            <a class="govuk-service-navigation__link"'
        f' href="{escape(reverse("two_factor:profile"))}">{_("Two-factor login")}</a>\n'
        "          </li>\n"
        '          <li class="govuk-service-navigation__item portal-nav-account">\n'
        f'            <form method="post" action="{escape(reverse("logout"))}" class="inline">{csrf_input}\n'
        f'              <button type="submit" class="portal-link-button">{_("Log out")}</button>\n'
        "            </form>\n"
        "          </li>\n"
        "        </ul>\n"
        "      </nav>\n"
        "      "
    )
