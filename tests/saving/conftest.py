import pytest


@pytest.fixture(autouse=True)
def _seed():
    import kerastorch

    kerastorch.utils.set_random_seed(7)
