import numpy as np
import pytest

import kerastorch as keras
from tests.layers.preprocessing._random_image_checks import check_random_layer


def test_random_behaviour():
    check_random_layer("RandomRotation", {"factor": 0.2})


def test_half_turn_is_hand_computable():
    image = np.arange(9, dtype="float32").reshape(1, 3, 3, 1)
    out = keras.layers.RandomRotation((0.5, 0.5), interpolation="nearest", seed=0)(image, training=True)
    np.testing.assert_array_equal(out.numpy()[0, ..., 0], image[0, ::-1, ::-1, 0])


def test_errors():
    with pytest.raises(ValueError, match="factor"):
        keras.layers.RandomRotation(2.0)
    with pytest.raises(NotImplementedError, match="fill_mode"):
        keras.layers.RandomRotation(0.1, fill_mode="mirror")
