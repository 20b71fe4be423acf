import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


def test_contract():
    run_layer_test(keras.layers.Resizing, {"height": 3, "width": 5}, input_shape=(2, 6, 4, 3),
                   expected_output_shape=(2, 3, 5, 3))


def test_hand_computed_nearest_downsample_and_unbatched():
    image = np.arange(16, dtype="float32").reshape(4, 4, 1)
    out = keras.layers.Resizing(2, 2, interpolation="nearest")(image)
    np.testing.assert_array_equal(out.numpy()[..., 0], [[5.0, 7.0], [13.0, 15.0]])


def test_integer_images_stay_integer():
    out = keras.layers.Resizing(2, 2)(np.full((1, 4, 4, 1), 200, dtype="uint8"))
    assert out.dtype == torch.uint8 and int(out.max()) == 200


def test_pad_to_aspect_ratio_uses_fill_value():
    out = keras.layers.Resizing(4, 4, pad_to_aspect_ratio=True, fill_value=-1.0,
                                interpolation="nearest")(np.ones((1, 2, 4, 1), "float32"))
    np.testing.assert_array_equal(out.numpy()[0, :, 0, 0], [-1.0, 1.0, 1.0, -1.0])


def test_errors():
    with pytest.raises(ValueError, match="only one of"):
        keras.layers.Resizing(2, 2, crop_to_aspect_ratio=True, pad_to_aspect_ratio=True)
    with pytest.raises(ValueError, match="interpolation"):
        keras.layers.Resizing(2, 2, interpolation="lanczos3")
    with pytest.raises(ValueError, match="positive integer"):
        keras.layers.Resizing(0, 2)
    with pytest.raises(ValueError, match="rank 3"):
        keras.layers.Resizing(2, 2)(np.ones((2, 2), "float32"))
