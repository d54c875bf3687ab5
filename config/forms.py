from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    """Every form in the portal renders through one template."""

    form_template_name = "includes/form.html"
