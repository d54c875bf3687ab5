"""Briefing pages: the list with the form, the PDF download and the print page.

Ministry staff and partners read the briefings of their scope; ministry staff and partner
officers make them (``accounts.access.may_brief`` decides which scopes).
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import access
from accounts.access import requires
from reports import periods

from . import forms, selectors, services
from . import render as briefing_render

LIST_SIZE = 50
REFRESH_SECONDS = 5  # the list reloads itself while a briefing is being prepared


def _initial(request):
    """The form's first values: the last and the current quarter, the page's language, and what
    the URL names (a coalition page's link names its coalition)."""
    current = periods.start_of("quarter", timezone.localdate())
    initial = {
        "language": request.LANGUAGE_CODE,
        "period_from": periods.label("quarter", periods.shift("quarter", current, -1)),
        "period_to": periods.label("quarter", current),
    }
    for key in ("coalition", "country", "period_from", "period_to"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    return initial


@require_http_methods(["GET", "POST"])
@requires(access.may_read_briefings)
@requires(access.may_make_briefings, methods=("POST",))
def briefing_list(request):
    user = request.user
    form = None
    if access.may_make_briefings(user):
        form = forms.BriefingForm(user, request.POST or None, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        arguments = form.arguments()
        if arguments["coalition"] is None:  # all coalitions: longer than a request should take
            services.briefing_request(user=user, **arguments)
            messages.success(
                request,
                _(
                    "Your briefing of all coalitions is being prepared. "
                    "It appears in the list below when it is ready."
                ),
            )
            return redirect("briefings:list")
        briefing = services.build_briefing(user=user, **arguments)
        messages.success(
            request,
            _("Briefing made: %(title)s (%(pages)d pages).")
            % {"title": briefing.title, "pages": briefing.pages},
        )
        return redirect("briefings:list")
    return render(
        request,
        "briefings/list.html",
        _list_context(user, form),
        status=400 if request.method == "POST" else 200,
    )


def _list_context(user, form) -> dict:
    preparing = list(selectors.preparing(user))
    waiting = any(file.status == file.Status.PREPARING for file in preparing)
    return {
        "form": form,
        "briefings": selectors.briefings(user)[:LIST_SIZE],
        "preparing": preparing,
        "refresh_seconds": REFRESH_SECONDS if waiting else None,
    }


@require_safe
@requires(access.may_read_briefings)
def briefing_download(request, pk):
    briefing = selectors.get_briefing_pdf(request.user, pk)
    response = HttpResponse(bytes(briefing.pdf), content_type="application/pdf")
    scope = briefing.coalition.slug if briefing.coalition else "all"
    if briefing.country:
        scope += f"-{str(briefing.country.code).lower()}"
    name = f"briefing_{scope}_{briefing.period_from}_{briefing.period_to}_{briefing.data_as_of:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@requires(access.may_make_briefings)
def briefing_print(request):
    """The briefing as a printable page (not kept): the same sections as the PDF. The briefing
    is in the language asked for (marked with ``lang``); the page around it — header, menus,
    footer, the note above it — stays in the reader's language and is left out when printed."""
    form = forms.BriefingForm(request.user, request.GET)
    if not form.is_valid():
        return render(request, "briefings/list.html", _list_context(request.user, form), status=400)
    arguments = form.arguments()
    if arguments["since"] is None:
        earlier = services.previous(
            user=request.user, coalition=arguments["coalition"], country=arguments["country"]
        )
        arguments["since"] = earlier.data_as_of if earlier else None
    context = services.briefing_context(user=request.user, **arguments)
    language = arguments["language"]
    with translation.override(language):
        briefing = briefing_render.html(context, template="briefings/printable.html")
    notes = {
        "en": _("The briefing is in English, as asked for."),
        "uk": _("The briefing is in Ukrainian, as asked for."),
    }
    page = {
        "briefing": briefing,
        "language": language,
        "language_note": notes.get(language) if language != translation.get_language() else None,
        "figures_query": context["figures_query"],
        "page_title": services.title(
            coalition=arguments["coalition"],
            country=arguments["country"],
            period_from=arguments["period_from"],
            period_to=arguments["period_to"],
        ),
    }
    return render(request, "briefings/print.html", page)
