"""The text a reader of a page sees: text nodes, plus labels read out (aria-label, placeholder, title)."""

import re
from html.parser import HTMLParser

READ_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Text(HTMLParser):
    """Text nodes and read-out labels; with ``skip_lang``, not those inside an element whose
    ``lang`` starts with it (content marked as written in that language on purpose)."""

    def __init__(self, skip_lang=None):
        super().__init__()
        self.chunks = []
        self._skip = 0
        self._skip_lang = skip_lang
        self._open = []  # (tag, marked as skip_lang) of the open elements

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "title"):
            self._skip += 1
        if tag not in VOID:
            lang = dict(attrs).get("lang") or ""
            self._open.append(
                (tag, bool(self._skip_lang and tag != "html" and lang.startswith(self._skip_lang)))
            )
        if any(foreign for _tag, foreign in self._open):
            return
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.chunks.append(value)
            if tag == "input" and name == "value" and ("type", "submit") in attrs and value:
                self.chunks.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title"):
            self._skip -= 1
        for i in range(len(self._open) - 1, -1, -1):  # close it and anything left open inside it
            if self._open[i][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        if not self._skip and data.strip() and not any(foreign for _tag, foreign in self._open):
            self.chunks.append(data)


def visible_text(html, skip_lang=None):
    """Each text node of ``html``, whitespace collapsed; ``skip_lang``: leave out what is marked
    as written in that language (``lang="en"`` on an element inside the page)."""
    parser = _Text(skip_lang)
    parser.feed(html)
    return [re.sub(r"\s+", " ", chunk).strip() for chunk in parser.chunks]
