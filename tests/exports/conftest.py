import pytest

from .sample import build_data


@pytest.fixture
def data(world):
    return build_data(world)
