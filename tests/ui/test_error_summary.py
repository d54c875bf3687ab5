"""Every form of every matrix page, submitted empty, answers with the error summary linking to its fields.

Forms are found in the pages themselves (``tests/ui/pages.py``); a form with no required
field (an action button, a filter) has nothing to report and is left out.
"""

import re
from html.parser import HTMLParser

import pytest

from tests.ui.pages import CHECKED_PERSONAS, is_html, pages_for
from tests.world import log_in


class _Forms(HTMLParser):
    """Each form: action, method, required field names and what a browser sends when it is left empty."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"action": attrs.get("action"), "method": (attrs.get("method") or "get").lower()}
                | {"required": [], "empty": {}}
            )
        elif tag in ("input", "select", "textarea") and self.forms and attrs.get("name"):
            form, kind = self.forms[-1], attrs.get("type")
            if kind == "hidden":
                form["empty"][attrs["name"]] = attrs.get("value", "")
            elif kind not in ("submit", "checkbox", "radio", "file"):
                form["empty"][attrs["name"]] = ""
            if "required" in attrs and kind not in ("hidden", "submit"):
                form["required"].append(attrs["name"])


def required_forms(html):
    """(action, data of the form left empty) of each POST form with a required field."""
    parser = _Forms()
    parser.feed(html)
    return [(f["action"], f["empty"]) for f in parser.forms if f["method"] == "post" and f["required"]]


@pytest.mark.parametrize("persona", CHECKED_PERSONAS)
def test_every_form_submitted_empty_shows_the_error_summary_with_links(persona, world, client):
    log_in(client, world.users[persona])
    tried, found = set(), []
    for path in pages_for(persona, world):
        response = client.get(path)
        if response.status_code != 200 or not is_html(response):
            continue
        for action, empty in required_forms(response.content.decode()):
            target = action or path
            if target in tried:
                continue
            tried.add(target)
            answer = client.post(target, empty)
            html = answer.content.decode()
            summary = re.search(r'class="govuk-error-summary".*?</ul>', html, re.S)
            if answer.status_code not in (200, 400) or not summary or '<a href="#' not in summary.group():
                found.append(f"{path} → POST {target}: {answer.status_code}, summary {bool(summary)}")
    assert tried, "no form found"
    assert not found, "\n".join(found)
