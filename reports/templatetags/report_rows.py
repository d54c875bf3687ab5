"""The report page's long tables, written in Python (``reports.tables``)."""

from django import template
from django.middleware.csrf import get_token

from reports import tables

register = template.Library()


@register.simple_tag(takes_context=True)
def delivery_rows(context):
    """The rows of the report's delivery table (context: ``deliveries``, ``capability_names``,
    ``report``, ``editable``)."""
    editable = context.get("editable", False)
    request = context.get("request")
    return tables.delivery_rows(
        context["deliveries"],
        context["capability_names"],
        report_pk=context["report"].pk,
        editable=editable,
        csrf_token=get_token(request) if editable and request is not None else "",
    )


@register.simple_tag
def progress_rows(progress):
    return tables.progress_rows(progress)


@register.simple_tag
def report_need_rows(rows):
    return tables.report_need_rows(rows)
