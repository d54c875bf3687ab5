"""The report life cycle: which transition goes from where to where (``models.ACTIONS``), and who may."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import access

from .models import ACTIONS, PartnerReport, ReportStatus

S = ReportStatus


NEEDS_COMMENT = {"return", "reopen"}
EDITABLE = {S.DRAFT, S.RETURNED}
# Statuses whose figures count: the approved revision, or the last superseded one while
# its successor is not yet approved (see reports.figures).
COUNTED = (S.APPROVED, S.SUPERSEDED)
ACTION_LABELS = {
    "submit": gettext_lazy("Submit"),
    "approve": gettext_lazy("Approve"),
    "return": gettext_lazy("Return"),
    "reopen": gettext_lazy("Reopen"),
}


def is_partner_report(report):
    return isinstance(report, PartnerReport)


def may_edit(user, report):
    """Whether ``user`` is the kind of person who writes ``report`` (whatever its state)."""
    if is_partner_report(report):
        return access.can_edit_country(user, report.country_id)
    return access.is_analyst(user)


def may_edit_lines(user, report):
    """Whether ``user`` writes ``report`` and may change its lines now (draft or returned)."""
    return may_edit(user, report) and is_editable(report)


def require_line_edit(user, report):
    """403 unless ``may_edit_lines``."""
    access.require(may_edit_lines, user, report)


def authored(user, report):
    return user.pk in {report.submitted_by_id, getattr(report, "author_id", None)}


def may(user, report, action):
    """Whether ``user`` holds the right to perform ``action`` on ``report`` (state aside)."""
    if action == "submit":
        return may_edit(user, report)
    if action == "approve":
        return access.is_reviewer(user) and not authored(user, report)
    return access.is_reviewer(user)


def require(user, report, action):
    if action not in ACTIONS or not may(user, report, action):
        raise PermissionDenied


def check_state(report, action):
    sources, _target = ACTIONS[action]
    if report.status not in sources:
        raise ValidationError(
            _("This report is %(status)s: it cannot be %(action)s now.")
            % {"status": report.get_status_display().lower(), "action": _past(action)}
        )


def _past(action):
    return {
        "submit": _("submitted"),
        "approve": _("approved"),
        "return": _("returned"),
        "reopen": _("reopened"),
    }[action]


def is_allowed_now(report, action):
    """Whether ``report``'s state allows ``action`` (who may do it aside)."""
    return action in ACTIONS and report.status in ACTIONS[action][0]


def consequences(report, action):
    """What ``action`` will do to ``report``, in sentences for the confirmation page."""
    values = {"next": report.revision + 1, "revision": report.revision}
    writer = _("its author") if not is_partner_report(report) else report.country.name
    values["writer"] = writer
    if action == "submit":
        return [
            _("After you submit, nobody can change the report's lines while it is reviewed."),
            _("A reviewer approves it, or returns it to you with a comment so that you can correct it."),
        ]
    if action == "approve":
        return [
            _("After approval nobody can change this report: its figures count in every total."),
            _("To correct it, a reviewer reopens it as revision %(next)s.") % values,
        ]
    if action == "return":
        return [
            _("The report goes back to %(writer)s with your comment, which is required.") % values,
            _("They can change its lines and submit it again; it then comes back to the review queue.")
            % values,
        ]
    return [
        _("Revision %(revision)s stays readable as superseded.") % values,
        _("Its figures keep counting until the new revision is approved."),
        _("A draft copy, revision %(next)s, is created for %(writer)s to correct and submit again.") % values,
        _("Your reason is required and is shown to them."),
    ]


def is_editable(report):
    return report.status in EDITABLE


def actions_for(user, report):
    """The transitions ``user`` may perform on ``report`` in its current state."""
    return [a for a, (sources, _t) in ACTIONS.items() if report.status in sources and may(user, report, a)]
