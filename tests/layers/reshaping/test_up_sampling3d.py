"""UpSampling3D: the contract, values, bad arguments."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({}, (2, 2, 3, 2, 2), (2, 4, 6, 4, 2)),
    ({"size": (1, 2, 3), "data_format": "channels_first"}, (2, 2, 2, 3, 2), (2, 2, 2, 6, 6)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.UpSampling3D, kwargs, input_shape=shape, expected_output_shape=out_shape)


def test_values():
    x = torch.arange(2.0).reshape(1, 2, 1, 1, 1)
    out = keras.layers.UpSampling3D((2, 1, 2))(x)
    assert out.flatten().tolist() == [0, 0, 0, 0, 1, 1, 1, 1]


def test_bad_arguments():
    with pytest.raises(ValueError, match="Received: size=0"):
        keras.layers.UpSampling3D(0)
