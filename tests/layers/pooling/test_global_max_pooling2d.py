"""GlobalMaxPooling2D: the contract, keepdims, both data formats, the alias."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({}, (2, 4, 5, 3), (2, 3)),
    ({"keepdims": True}, (2, 4, 5, 3), (2, 1, 1, 3)),
    ({"data_format": "channels_first"}, (2, 3, 4, 5), (2, 3)),
    ({"data_format": "channels_first", "keepdims": True}, (2, 3, 4, 5), (2, 3, 1, 1)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.GlobalMaxPooling2D, kwargs, input_shape=shape, expected_output_shape=out_shape)


@pytest.mark.parametrize("data_format, shape, axes", [
    ("channels_last", (2, 4, 5, 3), (1, 2)),
    ("channels_first", (2, 3, 4, 5), (2, 3)),
])
def test_values(data_format, shape, axes):
    x = torch.randn(shape)
    out = keras.layers.GlobalMaxPooling2D(data_format=data_format)(x)
    np.testing.assert_allclose(out.numpy(), torch.amax(x, dim=axes).numpy(), atol=1e-6)


def test_alias():
    assert keras.layers.GlobalMaxPool2D is keras.layers.GlobalMaxPooling2D
