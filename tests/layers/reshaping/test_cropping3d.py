"""Cropping3D: the contract, both data formats, bad arguments."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({}, (2, 4, 5, 4, 2), (2, 2, 3, 2, 2)),
    ({"cropping": ((0, 1), (2, 0), (1, 1)), "data_format": "channels_first"}, (2, 2, 4, 5, 4), (2, 2, 3, 3, 2)),
    ({"cropping": (1, 0, 2)}, (2, 4, 5, 6, 2), (2, 2, 5, 2, 2)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.Cropping3D, kwargs, input_shape=shape, expected_output_shape=out_shape)


def test_values():
    x = torch.arange(27.0).reshape(1, 3, 3, 3, 1)
    assert keras.layers.Cropping3D(1)(x).flatten().tolist() == [13.0]


def test_bad_arguments():
    with pytest.raises(ValueError, match="Received: cropping="):
        keras.layers.Cropping3D(((1, 1), (1, 1)))
    with pytest.raises(ValueError, match="must be smaller"):
        keras.layers.Cropping3D(1).compute_output_shape((None, 2, 5, 5, 1))
