"""The portal's URLs plus small views that declare their rights with ``access.requires``."""

from django.http import HttpResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_POST

from accounts import access
from accounts.access import requires
from config.urls import urlpatterns as portal


def ok(request):
    return HttpResponse("ok")


@method_decorator(requires(access.is_reviewer), name="dispatch")
class ReviewerOnly(View):
    def get(self, request):
        return HttpResponse("ok")


urlpatterns = [
    path("test/ministry/", requires(access.is_ministry)(ok), name="test_ministry"),
    path(
        "test/periods/",
        requires(access.is_ministry)(requires(access.is_analyst, methods=("POST",))(ok)),
        name="test_ministry_post_analyst",
    ),
    path("test/post-only/", require_POST(requires(access.is_ministry)(ok)), name="test_post_only"),
    path("test/reviewer/", ReviewerOnly.as_view(), name="test_reviewer"),
    *portal,
]
