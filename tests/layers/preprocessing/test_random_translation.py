import numpy as np
import pytest

import kerastorch as keras
from tests.layers.preprocessing._random_image_checks import check_random_layer


def test_random_behaviour():
    check_random_layer("RandomTranslation", {"height_factor": 0.2, "width_factor": 0.2})


def test_shift_by_one_pixel_hand_computed():
    image = np.arange(4, dtype="float32").reshape(1, 1, 4, 1)
    layer = keras.layers.RandomTranslation((0.0, 0.0), (0.25, 0.25), fill_mode="constant", seed=0)
    np.testing.assert_allclose(layer(image, training=True).numpy()[0, 0, :, 0], [0.0, 0.0, 1.0, 2.0], atol=1e-6)


def test_errors():
    with pytest.raises(ValueError, match="width_factor"):
        keras.layers.RandomTranslation(0.1, 1.5)
