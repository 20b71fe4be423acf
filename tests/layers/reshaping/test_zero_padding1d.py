"""ZeroPadding1D: the contract, values, bad arguments."""

import numpy as np
import pytest

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({}, (2, 4, 3), (2, 6, 3)),
    ({"padding": (0, 2), "data_format": "channels_first"}, (2, 3, 4), (2, 3, 6)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.ZeroPadding1D, kwargs, input_shape=shape, expected_output_shape=out_shape)


def test_values():
    x = np.ones((1, 2, 1), dtype="float32")
    np.testing.assert_allclose(keras.layers.ZeroPadding1D((1, 2))(x)[0, :, 0].numpy(), [0, 1, 1, 0, 0])


def test_bad_arguments():
    with pytest.raises(ValueError, match="Received: padding=-1"):
        keras.layers.ZeroPadding1D(-1)
