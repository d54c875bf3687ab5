import pytest

from tests.world import build_world

from .sample import build_data


@pytest.fixture
def world(db):
    """The shared world without its reports: these tests make the reports they export."""
    return build_world(reports=False)


@pytest.fixture
def data(world):
    return build_data(world)
