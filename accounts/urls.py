from django.contrib.auth import views as auth_views
from django.urls import include, path
from two_factor import views as two_factor_views

from . import views, views_api, views_people

two_factor_patterns = [
    path("two-factor/", views_api.SecurityView.as_view(), name="profile"),
    path("two-factor/setup/", views.SetupView.as_view(), name="setup"),
    path("two-factor/qrcode/", views.QRGeneratorView.as_view(), name="qr"),
    path("two-factor/setup/complete/", two_factor_views.SetupCompleteView.as_view(), name="setup_complete"),
    path("two-factor/backup/tokens/", two_factor_views.BackupTokensView.as_view(), name="backup_tokens"),
    path("two-factor/disable/", views.DisableView.as_view(), name="disable"),
]

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include((two_factor_patterns, "two_factor"))),
    path("invitation/<str:token>/", views_people.invitation_accept, name="invitation_accept"),
    path("api-tokens/new/", views_api.api_token_create, name="api_token_create"),
    path("api-tokens/<int:pk>/revoke/", views_api.api_token_revoke, name="api_token_revoke"),
    path("lockouts/", views.lockouts, name="lockouts"),
    path("lockouts/<int:pk>/clear/", views.lockout_clear_view, name="lockout_clear"),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
