"""A briefing as HTML (the print page) and as PDF (WeasyPrint).

The PDF is the same template as the print page, laid out by ``static/css/briefing.css``
(A4, a cover, page numbers, the marking of ``BRIEFING_MARKING`` in the header and footer of
every page) in DejaVu Sans, which WeasyPrint embeds, so Cyrillic renders on any reader. It is
tagged PDF/UA-1 (``pdf_variant``, ``pdf_tags``) and carries the title, author and language of
the HTML (``<title>``, ``<meta name="author">``, ``<html lang>``). The system libraries it
needs (pango, harfbuzz) and the fonts (fonts-dejavu) are installed by ``.ci/run``.
"""

import io
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STYLESHEET = "css/briefing.css"
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


def html(context: dict, *, template: str = "briefings/document.html") -> str:
    """The briefing's HTML: the whole document for the PDF, or the print page's."""
    return render_to_string(template, context | {"marking": settings.BRIEFING_MARKING})


def stylesheet_path() -> Path:
    return Path(finders.find(STYLESHEET))


def pdf(document: str) -> tuple[bytes, int]:
    """The PDF of ``document`` (HTML) and its number of pages."""
    import weasyprint  # loads pango at first use: a page that makes no PDF never needs it

    stylesheet = weasyprint.CSS(filename=str(stylesheet_path()))
    rendered = weasyprint.HTML(string=document, base_url=str(settings.BASE_DIR)).render(
        stylesheets=[stylesheet], **PDF_OPTIONS
    )
    output = io.BytesIO()
    rendered.write_pdf(output, **PDF_OPTIONS)
    return output.getvalue(), len(rendered.pages)
