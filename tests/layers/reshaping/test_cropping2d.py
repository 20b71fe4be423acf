"""Cropping2D: the contract, both data formats, bad arguments."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({}, (2, 6, 5, 3), (2, 6, 5, 3)),
    ({"cropping": ((1, 0), (2, 1))}, (2, 6, 5, 3), (2, 5, 2, 3)),
    ({"cropping": (1, 2), "data_format": "channels_first"}, (2, 3, 5, 6), (2, 3, 3, 2)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.Cropping2D, kwargs, input_shape=shape, expected_output_shape=out_shape)


def test_values():
    x = torch.arange(20.0).reshape(1, 4, 5, 1)
    out = keras.layers.Cropping2D(((1, 2), (0, 3)))(x)
    np.testing.assert_allclose(out[0, :, :, 0].numpy(), [[5, 6]])


def test_bad_arguments_and_inputs():
    with pytest.raises(ValueError, match="Received: cropping="):
        keras.layers.Cropping2D((1, 2, 3))
    with pytest.raises(ValueError, match="must be smaller"):
        keras.layers.Cropping2D(2)(torch.randn(1, 4, 6, 2))
