from django.urls import path, register_converter

from . import views, views_ministry


class Choice:
    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class KindConverter(Choice):
    regex = "partner|usage"


class ActionConverter(Choice):
    regex = "submit|approve|return|reopen"


class LineKindConverter(Choice):
    regex = "deliveries|plans|outputs|training"


register_converter(KindConverter, "report_kind")
register_converter(ActionConverter, "action")
register_converter(LineKindConverter, "line_kind")

# ``dashboard`` stays outside any namespace: settings (LOGIN_REDIRECT_URL) and base.html name it.
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/review/", views_ministry.review_queue, name="review_queue"),
    path("reports/periods/", views_ministry.period_list, name="period_list"),
    path("reports/compliance/", views_ministry.compliance_view, name="compliance"),
    path("reports/activity/", views_ministry.activity, name="activity"),
    path("reports/usage/new/", views_ministry.usage_create, name="usage_create"),
    path("reports/checks/", views_ministry.data_checks, name="data_checks"),
    path("reports/<report_kind:kind>/<int:pk>/", views.report_detail, name="report_detail"),
    path(
        "reports/<report_kind:kind>/<int:pk>/<action:action>/",
        views.report_transition,
        name="report_transition",
    ),
    path("reports/<report_kind:kind>/<int:pk>/flags/", views.flags_explain, name="flags_explain"),
    path("reports/partner/<int:pk>/<line_kind:line_kind>/", views.line_add, name="line_add"),
    path("reports/partner/<int:pk>/<line_kind:line_kind>/<int:line_pk>/", views.line_edit, name="line_edit"),
    path(
        "reports/partner/<int:pk>/<line_kind:line_kind>/<int:line_pk>/delete/",
        views.line_delete,
        name="line_delete",
    ),
    path("reports/usage/<int:pk>/lines/<int:line_pk>/", views.usage_line_edit, name="usage_line_edit"),
]
