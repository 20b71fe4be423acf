"""The parity suite's oracle: the real `keras` package on its torch backend.

`keras_ref` is that package; `kt` is kerastorch. Both are seeded the same way before every test, so models
built in the same order draw the same default seeds.
"""

import pytest


@pytest.fixture
def keras_ref():
    import keras

    return keras


@pytest.fixture
def kt():
    import kerastorch

    return kerastorch


@pytest.fixture(autouse=True)
def _same_seeds():
    import kerastorch

    kerastorch.utils.set_random_seed(1234)
    import keras

    keras.utils.set_random_seed(1234)
