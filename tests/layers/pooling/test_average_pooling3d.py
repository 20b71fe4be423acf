"""AveragePooling3D: the contract, hand-computed values, the alias, bad arguments."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({"pool_size": 2}, (2, 4, 5, 4, 2), (2, 2, 2, 2, 2)),
    ({"pool_size": 3, "strides": 2, "padding": "same"}, (2, 5, 4, 3, 2), (2, 3, 2, 2, 2)),
    ({"pool_size": 2, "strides": 2, "data_format": "channels_first"}, (2, 2, 4, 5, 6), (2, 2, 2, 2, 3)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.AveragePooling3D, kwargs, input_shape=shape, expected_output_shape=out_shape,
                   supports_masking=False)


def test_alias():
    assert keras.layers.AvgPool3D is keras.layers.AveragePooling3D


def test_built_at_construction():
    assert keras.layers.AveragePooling3D(2).built


def test_values():
    x = torch.arange(8.0).reshape(1, 2, 2, 2, 1)
    assert keras.layers.AveragePooling3D(2)(x).flatten().tolist() == [3.5]
