"""ZeroPadding2D: the contract, values in both data formats, bad arguments."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({}, (2, 4, 3, 2), (2, 6, 5, 2)),
    ({"padding": ((1, 0), (2, 3))}, (2, 4, 3, 2), (2, 5, 8, 2)),
    ({"padding": 2, "data_format": "channels_first"}, (2, 2, 3, 4), (2, 2, 7, 8)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.ZeroPadding2D, kwargs, input_shape=shape, expected_output_shape=out_shape)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_values(data_format):
    x = torch.ones(1, 1, 1, 1)
    out = keras.layers.ZeroPadding2D(((1, 0), (0, 1)), data_format=data_format)(x)
    np.testing.assert_allclose(out.reshape(2, 2).numpy(), [[0, 0], [1, 0]])


def test_bad_arguments():
    with pytest.raises(ValueError, match="Received: padding="):
        keras.layers.ZeroPadding2D((1, 2, 3))
