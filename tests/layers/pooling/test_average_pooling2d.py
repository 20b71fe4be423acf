"""AveragePooling2D: the contract, hand-computed values, the alias, bad arguments."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({"pool_size": 2}, (2, 8, 7, 3), (2, 4, 3, 3)),
    ({"pool_size": 3, "strides": 2, "padding": "same"}, (2, 7, 8, 3), (2, 4, 4, 3)),
    ({"pool_size": 2, "strides": 2, "data_format": "channels_first"}, (2, 3, 6, 7), (2, 3, 3, 3)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.AveragePooling2D, kwargs, input_shape=shape, expected_output_shape=out_shape,
                   supports_masking=False)


def test_alias():
    assert keras.layers.AvgPool2D is keras.layers.AveragePooling2D


def test_built_at_construction():
    assert keras.layers.AveragePooling2D(2).built


def test_values():
    x = torch.arange(16.0).reshape(1, 4, 4, 1)
    np.testing.assert_allclose(keras.layers.AveragePooling2D(2)(x)[0, :, :, 0].numpy(), [[2.5, 4.5], [10.5, 12.5]])
    corner = keras.layers.AveragePooling2D(3, strides=1, padding="same")(x)[0, 0, 0, 0]
    assert corner.item() == pytest.approx((0 + 1 + 4 + 5) / 4)
