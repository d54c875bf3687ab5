from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts import views_api
from config.health import healthz

urlpatterns = [
    path("", include("coalitions.urls")),
    path("", include("reports.urls")),
    path("planning/", include("coalitions.planning.urls")),
    path("accounts/", include("accounts.urls")),
    path("people/", include("accounts.urls_people")),
    path("memberships/", include("coalitions.urls_memberships")),
    path("", include("coalitions.ventures.urls")),
    path("imports/", include("reports.imports.urls")),
    path("exports/", include("reports.exports.urls")),
    path("api/v1/", include(("config.api", "api"))),
    path("api/", views_api.api_docs, name="api_docs"),
    path("briefings/", include("reports.briefings.urls")),
    # every visitor may switch language, on the login page too
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),  # for the proxy: no login, says ok or what failed
]
