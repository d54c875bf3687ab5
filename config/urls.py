from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("coalitions.urls")),
    path("", include("reports.urls")),
    path("accounts/", include("accounts.urls")),
    path("imports/", include("reports.imports.urls")),
    path("exports/", include("reports.exports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
