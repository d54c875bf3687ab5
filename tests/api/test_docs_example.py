"""docs/api.md's example runs as written against a live portal (here the test world: A's
officer and A's draft report of the current quarter)."""

import re
from pathlib import Path

from django.conf import settings

from reports.models import DeliveryLine
from tests.factories import PASSWORD
from tests.world import build_world

DOC = Path(settings.BASE_DIR) / "docs" / "api.md"


def example_code():
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)
    return blocks[0]


def test_the_documented_example_runs(transactional_db, live_server, monkeypatch, capsys):
    world = build_world()
    monkeypatch.setenv("PORTAL_URL", live_server.url)
    monkeypatch.setenv("PORTAL_USER", "officer-a")
    monkeypatch.setenv("PORTAL_PASSWORD", PASSWORD)

    exec(compile(example_code(), str(DOC), "exec"), {"__name__": "example"})  # noqa: S102

    out = capsys.readouterr().out
    added = DeliveryLine.objects.filter(report=world.report_a, line_reference__startswith="LOG-").count()
    assert "acting as officer-a of BE" in out
    assert re.search(r"retry: \{'add': 0, 'update': 0, 'unchanged': (\d+)\}", out).group(1) == str(added)
    assert added > 0
    assert "All capabilities — rounds" in out
