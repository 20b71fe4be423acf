"""GlobalAveragePooling1D: the contract, keepdims, both data formats, the alias."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({}, (2, 5, 3), (2, 3)),
    ({"keepdims": True}, (2, 5, 3), (2, 1, 3)),
    ({"data_format": "channels_first"}, (2, 3, 5), (2, 3)),
    ({"data_format": "channels_first", "keepdims": True}, (2, 3, 5), (2, 3, 1)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.GlobalAveragePooling1D, kwargs, input_shape=shape, expected_output_shape=out_shape)


@pytest.mark.parametrize("data_format, shape, axes", [
    ("channels_last", (2, 5, 3), 1),
    ("channels_first", (2, 3, 5), 2),
])
def test_values(data_format, shape, axes):
    x = torch.randn(shape)
    out = keras.layers.GlobalAveragePooling1D(data_format=data_format)(x)
    np.testing.assert_allclose(out.numpy(), torch.mean(x, dim=axes).numpy(), atol=1e-6)


def test_alias():
    assert keras.layers.GlobalAvgPool1D is keras.layers.GlobalAveragePooling1D


def test_mask_skips_masked_steps():
    x = np.arange(12, dtype="float32").reshape(2, 3, 2)
    mask = np.array([[True, False, True], [False, True, False]])
    out = keras.layers.GlobalAveragePooling1D()(x, mask=mask)
    np.testing.assert_allclose(out.numpy(), [[2, 3], [8, 9]])
    assert getattr(out, "_keras_mask", None) is None
    assert keras.layers.GlobalAveragePooling1D().supports_masking


def test_bad_rank():
    with pytest.raises(ValueError, match="ndim"):
        keras.layers.GlobalAveragePooling1D()(torch.randn(2, 3, 4, 5))
