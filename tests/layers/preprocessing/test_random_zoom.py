import numpy as np
import pytest

import kerastorch as keras
from tests.layers.preprocessing._random_image_checks import check_random_layer


def test_random_behaviour():
    check_random_layer("RandomZoom", {"height_factor": 0.3})


def test_zoom_out_by_two_hand_computed():
    image = np.arange(25, dtype="float32").reshape(1, 5, 5, 1)
    out = keras.layers.RandomZoom((1.0, 1.0), fill_mode="constant", interpolation="nearest", seed=0)(image, training=True)
    # Output pixel x reads input pixel 2 + 2 * (x - 2): the center keeps its value, corners fall outside.
    assert out.numpy()[0, 2, 2, 0] == 12.0 and out.numpy()[0, 1, 1, 0] == 0.0 and out.numpy()[0, 0, 0, 0] == 0.0


def test_errors():
    with pytest.raises(ValueError, match="height_factor"):
        keras.layers.RandomZoom(-1.0)
    with pytest.raises(NotImplementedError, match="interpolation"):
        keras.layers.RandomZoom(0.1, interpolation="bicubic")
