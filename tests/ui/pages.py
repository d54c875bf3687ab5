"""The pages the permission matrix opens: every GET case a persona may read (status 200).

The checks over "every page" (accessibility, layout, language, error summaries, menus)
take their list from here, so a page added to the matrix later is checked too.
"""

from django.urls import reverse

from tests.test_permission_matrix import CASES

CHECKED_PERSONAS = ("officer_a", "reviewer", "analyst")


def page_url(case, world):
    url = reverse(case.url_name, kwargs=case.kwargs(world) if case.kwargs else None)
    return f"{url}?{case.query}" if case.query else url


def pages_for(persona, world):
    """URLs of the GET cases that answer 200 to ``persona``, in matrix order, without repeats."""
    urls = []
    for case in CASES:
        if case.method == "get" and case.expected.get(persona) == 200:
            url = page_url(case, world)
            if url not in urls:
                urls.append(url)
    return urls


def is_html(response):
    return response["Content-Type"].startswith("text/html")
