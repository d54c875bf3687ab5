from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("reports/<int:pk>/<slug:kind>/", views.report_import, name="report"),
    path("reports/<int:pk>/<slug:kind>/confirm/", views.report_confirm, name="report_confirm"),
    path("reports/<int:pk>/<slug:kind>/template.xlsx", views.report_template, name="report_template"),
    path("history/", views.history_import, name="history"),
    path("history/confirm/", views.history_confirm, name="history_confirm"),
]
