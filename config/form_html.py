"""The one form template (``templates/includes/form.html``) written in Python, byte for byte.

Every form of the portal renders through that template (``config.forms.PortalFormRenderer``):
the filter forms on the list pages, the line forms on the report page. The template engine
took ~0.3 ms a field for what this writes in ~0.05 ms. The error summary and a field's errors
(shown only after bad input) still come from their templates. ``tests/test_layout.py`` compares
this with the template for forms of every kind of field, bound and unbound, with and without
errors.
"""

from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from .form_tags import label_text


def _errors(form) -> str:
    """``{% include "includes/error_summary.html" %}``: a newline when the form has no errors."""
    return render_to_string("includes/error_summary.html", {"form": form}) if form.errors else "\n"


def _field_errors(field) -> str:
    """``{% include "includes/field_errors.html" %}``."""
    return render_to_string("includes/field_errors.html", {"field": field}) if field.errors else "\n"


def _field(field) -> str:
    widget = str(field)
    help_text = ""
    if field.help_text:
        help_text = (
            f'<div class="govuk-hint" id="{conditional_escape(field.auto_id)}_helptext">'
            f"{conditional_escape(field.help_text)}</div>"
        )
    error = " govuk-form-group--error has-error" if field.errors else ""
    for_id = conditional_escape(field.id_for_label)
    if field.widget_type == "checkbox":
        body = (
            f"\n  {help_text}\n  {_field_errors(field)}\n"
            '  <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">\n'
            '    <div class="govuk-checkboxes__item">\n'
            f"      {widget}\n"
            f'      <label class="govuk-label govuk-checkboxes__label" for="{for_id}">'
            f"{conditional_escape(field.label)}</label>\n"
            "    </div>\n  </div>\n"
        )
    else:
        body = (
            f'\n  <label class="govuk-label" for="{for_id}">{label_text(field)}</label>\n'
            f"  {help_text}\n  {_field_errors(field)}\n  {widget}\n"
        )
    return f'\n<div class="govuk-form-group field{error}">\n{body}\n</div>\n'


def form_html(form) -> SafeString:
    """What ``includes/form.html`` writes for ``form``."""
    hidden = "".join(str(field) for field in form.hidden_fields())
    fields = "".join(_field(field) for field in form.visible_fields())
    return mark_safe(f"{_errors(form)}\n{hidden}\n{fields}\n")  # noqa: S308 — every part escaped above
