import pytest

from tests.planning.world import planning
from tests.world import build_world


@pytest.fixture
def pworld(db):
    return planning(build_world())
