import numpy as np
import pytest

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


def test_contract():
    run_layer_test(keras.layers.CenterCrop, {"height": 2, "width": 3}, input_shape=(2, 5, 6, 3),
                   expected_output_shape=(2, 2, 3, 3))


def test_hand_computed():
    image = np.arange(25, dtype="float32").reshape(5, 5, 1)
    np.testing.assert_array_equal(keras.layers.CenterCrop(3, 2)(image).numpy()[..., 0],
                                  [[6.0, 7.0], [11.0, 12.0], [16.0, 17.0]])


def test_smaller_image_is_resized():
    out = keras.layers.CenterCrop(6, 6)(np.ones((1, 4, 4, 2), "float32"))
    assert tuple(out.shape) == (1, 6, 6, 2)
    np.testing.assert_allclose(out.numpy(), 1.0)


def test_errors():
    with pytest.raises(ValueError, match="positive integer"):
        keras.layers.CenterCrop(2, -1)
    with pytest.raises(ValueError, match="rank 3"):
        keras.layers.CenterCrop(2, 2).compute_output_shape((2, 2))
