from django.urls import path, re_path

from . import views_observers
from . import views_people as views

app_name = "people"

urlpatterns = [
    path("", views.people_index, name="index"),
    path("invite/", views.invite, name="invite"),
    path("confirm/", views.access_confirm, name="confirm"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path("accounts/<int:pk>/deactivate/", views.person_deactivate, name="deactivate"),
    path("accounts/<int:pk>/role/", views.person_role, name="role"),
    path("observers/", views_observers.observer_list, name="observers"),
    path("observers/new/", views_observers.observer_add, name="observer_add"),
    path("observers/<int:pk>/", views_observers.observer_change, name="observer_change"),
    re_path(r"^(?P<code>[A-Za-z]{2})/$", views.people_country, name="country"),
]
