"""UpSampling2D: the contract, nearest and bilinear values, bad arguments."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({}, (2, 3, 4, 2), (2, 6, 8, 2)),
    ({"size": (2, 3), "data_format": "channels_first"}, (2, 2, 3, 4), (2, 2, 6, 12)),
    ({"size": 2, "interpolation": "bilinear"}, (2, 3, 4, 2), (2, 6, 8, 2)),
    ({"size": 2, "interpolation": "BICUBIC", "data_format": "channels_first"}, (2, 2, 3, 4), (2, 2, 6, 8)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.UpSampling2D, kwargs, input_shape=shape, expected_output_shape=out_shape)


def test_nearest_repeats():
    x = torch.arange(4.0).reshape(1, 2, 2, 1)
    out = keras.layers.UpSampling2D((1, 2))(x)
    np.testing.assert_allclose(out[0, :, :, 0].numpy(), [[0, 0, 1, 1], [2, 2, 3, 3]])


def test_bilinear_uses_half_pixel_centers():
    x = torch.tensor([0.0, 4.0]).reshape(1, 1, 2, 1)
    out = keras.layers.UpSampling2D((1, 2), interpolation="bilinear")(x)
    np.testing.assert_allclose(out.flatten().numpy(), [0, 1, 3, 4])


def test_bad_arguments():
    with pytest.raises(ValueError, match="Received: interpolation=lanczos3"):
        keras.layers.UpSampling2D(interpolation="lanczos3")
    with pytest.raises(ValueError, match=r"Received: size=\(2, 2, 2\)"):
        keras.layers.UpSampling2D((2, 2, 2))
