"""The text a reader of a page sees: text nodes, plus labels read out (aria-label, placeholder, title)."""

import re
from html.parser import HTMLParser

READ_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.chunks = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "title"):
            self._skip += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.chunks.append(value)
            if tag == "input" and name == "value" and ("type", "submit") in attrs and value:
                self.chunks.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(data)


def visible_text(html):
    """Each text node of ``html``, whitespace collapsed."""
    parser = _Text()
    parser.feed(html)
    return [re.sub(r"\s+", " ", chunk).strip() for chunk in parser.chunks]
