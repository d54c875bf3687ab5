"""The pages the permission matrix opens: every GET case a persona may read (status 200).
API routes (cases with a ``token``) answer JSON, not pages: they are left out.

The checks over "every page" (accessibility, layout, language, error summaries, menus)
take their list from here, so a page added to the matrix later is checked too.
"""

from tests.test_permission_matrix import CASES, case_url

CHECKED_PERSONAS = ("officer_a", "reviewer", "analyst")


page_url = case_url


def pages_for(persona, world):
    """URLs of the GET cases that answer 200 to ``persona``, in matrix order, without repeats."""
    urls = []
    for case in CASES:
        if case.method == "get" and not case.token and case.expected.get(persona) == 200:
            url = page_url(case, world)
            if url not in urls:
                urls.append(url)
    return urls


def is_html(response):
    return response["Content-Type"].startswith("text/html")
