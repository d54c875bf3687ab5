"""The portal's URLs and the baseline page of the page benchmark."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/baseline/", views.baseline, name="bench_baseline"),
    path("", include("config.urls")),
]
