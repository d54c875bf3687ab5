"""Pages of the coalition ledger: coalitions and commitments.

Rows come through ``coalitions.selectors``. Commitments are the partners' to keep: only
partner officers create, edit and cancel them (for their own countries). Ministry
analysts and reviewers read everything but change nothing here; administrators
correct data in the Django admin. A view without ``requires`` is open to every signed-in
user (what they see is scoped); one that changes a commitment checks ``access.may_change``
on it once fetched.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from accounts import access
from accounts.access import requires
from reports import figures, history
from reports.figures import kept
from reports.figures import ventures as venture_figures

from . import selectors, services
from .forms import CommitmentCancelForm, CommitmentCreateForm, CommitmentFilterForm, CommitmentForm
from .lists import commitment_listing
from .models import Commitment
from .planning import selectors as planning
from .ventures import selectors as venture_selectors

STALE = gettext_lazy(
    "Someone else saved this commitment while you were editing it. Your changes were not saved: "
    "the form now shows the current version; make your changes again."
)


@require_safe
def coalition_list(request):
    coalitions = selectors.coalition_list(request.user)
    return render(request, "coalitions/coalition_list.html", {"coalitions": coalitions})


@require_safe
def coalition_detail(request, slug):
    user = request.user
    coalition = get_object_or_404(access.coalitions_for(user), slug=slug)
    context = {
        "coalition": coalition,
        "memberships": selectors.coalition_memberships(coalition),
        "milestones": planning.roadmap_milestones(user, coalition),
        "may_read_board": access.may_read_needs_board(user),
        "needs": coalition.needs.select_related("capability"),
        **figures.coalition_figures_context(user, coalition, request.GET),
        **venture_figures.context(user, coalition=coalition),
        "coalition_ventures": []
        if access.is_observer(user)
        else venture_selectors.coalition_ventures(user, coalition),
    }
    return render(request, "coalitions/coalition_detail.html", context)


# The query string of the commitment list (its filters, sort and page): a page of another query
# string is not kept
LIST_PARAMETERS = {
    *CommitmentFilterForm.base_fields,
    *(commitment_listing({}).param(p) for p in ("sort", "page")),
}


@require_safe
def commitment_list(request):
    """The commitments the user may see, a page at a time: the same HTML until the data change, so
    kept per data version, reader scope and query string (``reports.figures.kept``)."""
    if set(request.GET) <= LIST_PARAMETERS and all(len(values) == 1 for _name, values in request.GET.lists()):
        what = f"commitment-list {request.path} {sorted(request.GET.items())}"
        body = kept.html(what, request.user, None, lambda: _commitment_list_body(request))
    else:
        body = _commitment_list_body(request)
    return render(request, "coalitions/commitment_list.html", {"body": body})


def _commitment_list_body(request):
    form = CommitmentFilterForm(request.GET or None, user=request.user)
    listing = commitment_listing(request.GET)
    rows = selectors.commitment_list_rows(request.user)
    rows = listing.apply(form.filter(rows) if form.is_bound else rows)
    page = listing.paginate(rows, shown=selectors.commitment_list_shown)
    context = {
        "form": form,
        "listing": listing,
        "page": page,
        "commitments": selectors.with_progress(page.object_list, request.user),
        "may_create": access.may_add_commitments(request.user),
    }
    return render_to_string("coalitions/includes/commitment_list_body.html", context)


@require_safe
def commitment_detail(request, pk):
    commitment = get_object_or_404(selectors.commitments(request.user), pk=pk)
    context = {
        "commitment": selectors.with_progress([commitment], request.user)[0],
        "history": history.of_object(commitment),
        "may_edit": access.may_change(request.user, commitment),
    }
    return render(request, "coalitions/commitment_detail.html", context)


@require_http_methods(["GET", "POST"])
@requires(access.may_add_commitments)
def commitment_create(request):
    form = CommitmentCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            commitment = services.commitment_create(data=form.commitment_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The commitment was saved."))
            return redirect("coalitions:commitment_detail", pk=commitment.pk)
    return render(request, "coalitions/commitment_form.html", {"form": form})


def _editable(request, pk):
    """The commitment to change: 404 when not visible, 403 when not the user's to change."""
    commitment = get_object_or_404(selectors.commitments(request.user), pk=pk)
    access.require(access.may_change, request.user, commitment)
    return commitment


@require_http_methods(["GET", "POST"])
def commitment_update(request, pk):
    commitment = _editable(request, pk)
    if commitment.is_cancelled:
        messages.error(request, _("A cancelled commitment cannot be changed."))
        return redirect("coalitions:commitment_detail", pk=commitment.pk)
    form = CommitmentForm(request.POST or None, instance=commitment, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_update(
                commitment=commitment, data=form.commitment_data(), version=form.cleaned_data["version"]
            )
        except services.StaleEdit:
            messages.error(request, STALE)
            form = CommitmentForm(instance=Commitment.objects.get(pk=pk), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The commitment was saved."))
            return redirect("coalitions:commitment_detail", pk=commitment.pk)
    return render(request, "coalitions/commitment_form.html", {"form": form, "commitment": commitment})


@require_http_methods(["GET", "POST"])
def commitment_cancel(request, pk):
    commitment = _editable(request, pk)
    if commitment.is_cancelled:
        messages.error(request, _("This commitment is already cancelled."))
        return redirect("coalitions:commitment_detail", pk=commitment.pk)
    form = CommitmentCancelForm(request.POST or None, initial={"version": commitment.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_cancel(
                commitment=commitment,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except services.StaleEdit:
            messages.error(request, STALE)
            return redirect("coalitions:commitment_detail", pk=commitment.pk)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The commitment was cancelled."))
            return redirect("coalitions:commitment_detail", pk=commitment.pk)
    return render(request, "coalitions/commitment_cancel.html", {"form": form, "commitment": commitment})
