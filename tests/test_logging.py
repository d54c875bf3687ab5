"""What the portal writes to its log for expected traffic."""

from django.urls import reverse

from tests.world import log_in


def test_a_refused_request_is_one_warning_line_with_the_user_and_path(world, client, caplog):
    log_in(client, world.users["officer_a"])

    response = client.get(reverse("review_queue"))

    refusals = [r for r in caplog.records if r.name == "django.request"]
    assert response.status_code == 403
    assert [(r.levelname, r.getMessage(), r.exc_info, r.exc_text) for r in refusals] == [
        (
            "WARNING",
            f"Forbidden: GET {reverse('review_queue')} (user {world.users['officer_a'].username})",
            None,
            None,
        )
    ]
