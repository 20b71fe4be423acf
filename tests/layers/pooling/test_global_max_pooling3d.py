"""GlobalMaxPooling3D: the contract, keepdims, both data formats, the alias."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({}, (2, 3, 4, 3, 2), (2, 2)),
    ({"keepdims": True}, (2, 3, 4, 3, 2), (2, 1, 1, 1, 2)),
    ({"data_format": "channels_first"}, (2, 2, 3, 4, 3), (2, 2)),
    ({"data_format": "channels_first", "keepdims": True}, (2, 2, 3, 4, 3), (2, 2, 1, 1, 1)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.GlobalMaxPooling3D, kwargs, input_shape=shape, expected_output_shape=out_shape)


@pytest.mark.parametrize("data_format, shape, axes", [
    ("channels_last", (2, 3, 4, 3, 2), (1, 2, 3)),
    ("channels_first", (2, 2, 3, 4, 3), (2, 3, 4)),
])
def test_values(data_format, shape, axes):
    x = torch.randn(shape)
    out = keras.layers.GlobalMaxPooling3D(data_format=data_format)(x)
    np.testing.assert_allclose(out.numpy(), torch.amax(x, dim=axes).numpy(), atol=1e-6)


def test_alias():
    assert keras.layers.GlobalMaxPool3D is keras.layers.GlobalMaxPooling3D
