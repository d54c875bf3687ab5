from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("", views.index, name="index"),
    path("figures/", views.figures_page, name="figures"),
    path("<slug:dataset>.<slug:fmt>", views.download, name="download"),
]
