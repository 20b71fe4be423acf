"""MaxPooling1D: the contract, hand-computed values, the alias, bad arguments."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({}, (2, 9, 3), (2, 4, 3)),
    ({"pool_size": 3, "strides": 2, "padding": "same"}, (2, 7, 3), (2, 4, 3)),
    ({"pool_size": 2, "strides": 2, "data_format": "channels_first"}, (2, 3, 8), (2, 3, 4)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.MaxPooling1D, kwargs, input_shape=shape, expected_output_shape=out_shape,
                   supports_masking=False)


def test_alias():
    assert keras.layers.MaxPool1D is keras.layers.MaxPooling1D


def test_built_at_construction():
    assert keras.layers.MaxPooling1D(2).built


def test_values():
    x = np.array([1, 5, 2, 0, 3, 4, 1], dtype="float32").reshape(1, 7, 1)
    np.testing.assert_allclose(keras.layers.MaxPooling1D(2)(x)[0, :, 0].numpy(), [5, 2, 4])
    # "same", pool 2, stride 1: one pixel of padding at the end, which never wins.
    same = keras.layers.MaxPooling1D(2, strides=1, padding="same")(-np.abs(x))
    np.testing.assert_allclose(same[0, :, 0].numpy(), [-1, -2, 0, 0, -3, -1, -1])


def test_bad_arguments():
    with pytest.raises(ValueError, match="Received: padding=full"):
        keras.layers.MaxPooling1D(2, padding="full")
    with pytest.raises(ValueError, match="Received: pool_size=0"):
        keras.layers.MaxPooling1D(0)
    with pytest.raises(ValueError, match="Received: strides=0"):
        keras.layers.MaxPooling1D(2, strides=0)
    with pytest.raises(ValueError, match="ndim"):
        keras.layers.MaxPooling1D(2)(torch.randn(2, 4, 4, 1))
