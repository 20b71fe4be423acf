import numpy as np
import pytest

import kerastorch as keras
from tests.layers.preprocessing._random_image_checks import check_random_layer


def test_random_behaviour():
    check_random_layer("RandomFlip", {})


def test_hand_computed_flip_statistics():
    x = np.arange(6, dtype="float32").reshape(1, 1, 6, 1).repeat(200, axis=0)
    out = keras.layers.RandomFlip("horizontal", seed=3)(x, training=True).numpy()
    flipped = (out[:, 0, :, 0] == x[0, 0, ::-1, 0]).all(axis=1)
    kept = (out[:, 0, :, 0] == x[0, 0, :, 0]).all(axis=1)
    assert (flipped | kept).all() and 70 < flipped.sum() < 130


def test_bad_mode():
    with pytest.raises(ValueError, match="Received: mode='diagonal'"):
        keras.layers.RandomFlip("diagonal")
