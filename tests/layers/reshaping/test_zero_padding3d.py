"""ZeroPadding3D: the contract, values, bad arguments."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({}, (2, 2, 3, 2, 2), (2, 4, 5, 4, 2)),
    ({"padding": (1, 0, 2), "data_format": "channels_first"}, (2, 2, 3, 2, 2), (2, 2, 5, 2, 6)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.ZeroPadding3D, kwargs, input_shape=shape, expected_output_shape=out_shape)


def test_values():
    out = keras.layers.ZeroPadding3D(1)(torch.ones(1, 1, 1, 1, 1))
    assert out.sum().item() == 1.0 and out[0, 1, 1, 1, 0].item() == 1.0


def test_bad_arguments():
    with pytest.raises(ValueError, match="Received: padding="):
        keras.layers.ZeroPadding3D(((1, 1), (1, 1)))
