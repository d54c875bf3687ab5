from django.urls import include, path

from . import views

venture_patterns = [
    path("ventures/", views.venture_list, name="venture_list"),
    path("ventures/new/", views.venture_create, name="venture_create"),
    path("ventures/stages/", views.ventures_by_stage, name="ventures_by_stage"),
    path("ventures/<int:pk>/", views.venture_detail, name="venture_detail"),
    path("ventures/<int:pk>/edit/", views.venture_update, name="venture_update"),
    path("ventures/<int:pk>/stage/", views.venture_stage, name="venture_stage"),
    path("ventures/<int:pk>/capacity/", views.capacity_set, name="capacity_set"),
    path(
        "ventures/<int:pk>/capacity/<int:capacity_pk>/remove/", views.capacity_remove, name="capacity_remove"
    ),
    path("training/", views.programme_list, name="programme_list"),
    path("training/new/", views.programme_create, name="programme_create"),
    path("training/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("training/<int:pk>/edit/", views.programme_update, name="programme_update"),
]

urlpatterns = [path("", include((venture_patterns, "ventures")))]
