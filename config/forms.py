from django.forms.renderers import TemplatesSetting

from .form_html import form_html

# GOV.UK Frontend's class for each kind of widget (Widget.input_type or template name).
WIDGET_CLASSES = {
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "checkbox": "govuk-checkboxes__input",
    "file": "govuk-file-upload",
    "number": "govuk-input govuk-input--width-10",
    "date": "govuk-input govuk-input--width-10",
    "password": "govuk-input govuk-!-width-two-thirds",
}
TEXT_INPUT_CLASS = "govuk-input govuk-!-width-two-thirds"


def widget_class(template_name, widget):
    """The GOV.UK class of a widget, from its input type or its template's name."""
    kind = widget.get("type") or template_name.rsplit("/", 1)[-1].removesuffix(".html")
    if kind in ("radio", "radio_option", "checkbox_option", "hidden", "multiple_hidden"):
        return ""
    if kind == "select" and widget.get("attrs", {}).get("multiple"):
        return "govuk-select portal-select--multiple"
    if kind in ("text", "email", "url", "search", "tel"):
        return TEXT_INPUT_CLASS
    return WIDGET_CLASSES.get(kind, "")


class PortalFormRenderer(TemplatesSetting):
    """Every form in the portal renders through one template, as GOV.UK form groups.

    ``includes/form.html`` writes the error summary, labels, hints and error messages; the
    widgets get GOV.UK Frontend's classes here, so no form has to declare them.
    """

    form_template_name = "includes/form.html"

    def render(self, template_name, context, request=None):
        if template_name == self.form_template_name and "form" in context:
            return form_html(context["form"])  # the same text, written in Python
        widget = context.get("widget")
        if isinstance(widget, dict) and isinstance(widget.get("attrs"), dict):
            css = widget_class(template_name, widget)
            if css:
                attrs = widget["attrs"]
                attrs["class"] = f"{attrs['class']} {css}" if attrs.get("class") else css
        return super().render(template_name, context, request=request)


def service_errors_add(form, error):
    """Put a service's ValidationError on ``form``: each field's errors beside its field, errors
    about the whole object (or a field the form does not show) at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
