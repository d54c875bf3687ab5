from django.urls import path

from . import views

app_name = "briefings"

urlpatterns = [
    path("", views.briefing_list, name="list"),
    path("print/", views.briefing_print, name="print"),
    path("<int:pk>.pdf", views.briefing_download, name="download"),
]
