"""Cropping1D: the contract, values, bad arguments."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({}, (2, 6, 3), (2, 4, 3)),
    ({"cropping": (0, 2)}, (2, 6, 3), (2, 4, 3)),
    ({"cropping": 2}, (2, 6, 3), (2, 2, 3)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.Cropping1D, kwargs, input_shape=shape, expected_output_shape=out_shape)


def test_values():
    x = np.arange(6, dtype="float32").reshape(1, 6, 1)
    np.testing.assert_allclose(keras.layers.Cropping1D((1, 2))(x)[0, :, 0].numpy(), [1, 2, 3])


def test_bad_arguments_and_inputs():
    with pytest.raises(ValueError, match=r"Received: cropping=\(1, 2, 3\)"):
        keras.layers.Cropping1D((1, 2, 3))
    with pytest.raises(ValueError, match="Received: cropping=-1"):
        keras.layers.Cropping1D(-1)
    with pytest.raises(ValueError, match=r"Received: cropping=\(2, 2\)"):
        keras.layers.Cropping1D(2)(torch.randn(1, 4, 2))
