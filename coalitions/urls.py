from django.urls import include, path

from . import views

coalition_patterns = [
    path("coalitions/", views.coalition_list, name="list"),
    path("coalitions/<slug:slug>/", views.coalition_detail, name="detail"),
    path("commitments/", views.commitment_list, name="commitment_list"),
    path("commitments/new/", views.commitment_create, name="commitment_create"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment_detail"),
    path("commitments/<int:pk>/edit/", views.commitment_update, name="commitment_update"),
    path("commitments/<int:pk>/cancel/", views.commitment_cancel, name="commitment_cancel"),
]

urlpatterns = [
    path("", include((coalition_patterns, "coalitions"))),
]
