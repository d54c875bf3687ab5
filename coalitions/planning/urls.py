from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("coalitions/<slug:slug>/roadmap/", views.roadmap, name="roadmap"),
    path("coalitions/<slug:slug>/roadmap/v<int:number>/", views.version, name="version"),
    path("coalitions/<slug:slug>/roadmap/draft/", views.roadmap_draft, name="roadmap_draft"),
    path("roadmap-versions/<int:pk>/edit/", views.version_edit, name="version_edit"),
    path("roadmap-versions/<int:pk>/approve/", views.version_approve, name="version_approve"),
    path("roadmap-versions/<int:pk>/milestones/new/", views.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/delete/", views.milestone_delete, name="milestone_delete"),
    path("milestones/<int:pk>/progress/", views.milestone_update, name="milestone_update"),
    path("coalitions/<slug:slug>/needs/", views.board, name="board"),
    path("needs/new/", views.need_create, name="need_create"),
    path("needs/<int:pk>/", views.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("needs/<int:pk>/offer/", views.need_offer, name="need_offer"),
    path("needs/<int:pk>/call/", views.call_send, name="call_send"),
    path("calls/", views.calls, name="calls"),
]
