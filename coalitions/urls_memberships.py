from django.urls import path

from . import views_memberships as views

app_name = "memberships"

urlpatterns = [
    path("", views.membership_list, name="list"),
    path("add/", views.membership_add, name="add"),
    path("<int:pk>/end/", views.membership_end, name="end"),
]
