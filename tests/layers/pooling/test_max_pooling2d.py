"""MaxPooling2D: the contract, hand-computed values, the alias, bad arguments."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({}, (2, 8, 7, 3), (2, 4, 3, 3)),
    ({"pool_size": 3, "strides": 2, "padding": "same"}, (2, 7, 8, 3), (2, 4, 4, 3)),
    ({"pool_size": 2, "strides": 2, "data_format": "channels_first"}, (2, 3, 6, 7), (2, 3, 3, 3)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.MaxPooling2D, kwargs, input_shape=shape, expected_output_shape=out_shape,
                   supports_masking=False)


def test_alias():
    assert keras.layers.MaxPool2D is keras.layers.MaxPooling2D


def test_built_at_construction():
    assert keras.layers.MaxPooling2D(2).built


def test_values_and_layout():
    x = torch.arange(16.0).reshape(1, 4, 4, 1)
    out = keras.layers.MaxPooling2D()(x)
    np.testing.assert_allclose(out[0, :, :, 0].numpy(), [[5, 7], [13, 15]])
    # Pooled through torch's channels_last memory format: the NHWC output needs no copy.
    assert keras.layers.MaxPooling2D()(torch.randn(2, 6, 6, 8)).is_contiguous()


def test_empty_output_is_an_error():
    with pytest.raises(ValueError, match="output would be empty"):
        keras.layers.MaxPooling2D(3).compute_output_shape((None, 2, 5, 1))
