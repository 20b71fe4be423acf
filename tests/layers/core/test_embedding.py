"""Embedding: the contract, lookups, masks, integer casting and bad arguments."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape, masking", [
    ({"input_dim": 10, "output_dim": 3}, (2, 4), (2, 4, 3), False),
    ({"input_dim": 10, "output_dim": 3, "mask_zero": True}, (2, 4), (2, 4, 3), True),
    ({"input_dim": 10, "output_dim": 2}, (2, 3, 4), (2, 3, 4, 2), False),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape, masking):
    run_layer_test(keras.layers.Embedding, kwargs, input_shape=shape, input_dtype="int64",
                   expected_output_shape=out_shape, expected_num_trainable_weights=1, supports_masking=masking)


def test_lookup_is_row_of_table_and_float_indices_are_cast():
    table = np.arange(12, dtype="float32").reshape(4, 3)
    layer = keras.layers.Embedding(4, 3, weights=[table])
    assert layer.weights[0].name == "embeddings" and layer.embeddings.shape == (4, 3)
    out = layer(torch.tensor([[3, 0]]))
    np.testing.assert_array_equal(out.detach().numpy(), table[[[3, 0]]])
    np.testing.assert_array_equal(layer(np.array([[1.0, 2.0]])).detach().numpy(), table[[[1, 2]]])
    assert out.dtype == torch.float32


def test_mask_zero_mask_and_propagation_in_a_model():
    layer = keras.layers.Embedding(5, 2, mask_zero=True)
    out = layer(torch.tensor([[1, 0, 2]]))
    assert torch.equal(out._keras_mask, torch.tensor([[True, False, True]]))
    assert getattr(keras.layers.Embedding(5, 2)(torch.tensor([[1, 0]])), "_keras_mask", None) is None
    x = keras.Input((3,), dtype="int32")
    y = keras.layers.Dense(4)(keras.layers.Embedding(5, 2, mask_zero=True)(x))
    assert y._keras_mask is not None and y._keras_mask.shape == (None, 3)


def test_activity_regularizer_is_in_config_even_when_none():
    assert keras.layers.Embedding(3, 2).get_config()["activity_regularizer"] is None


@pytest.mark.parametrize("kwargs, message", [
    ({"input_dim": 0, "output_dim": 2}, "Received: input_dim=0"),
    ({"input_dim": 3, "output_dim": 2.0}, "Received: output_dim=2.0"),
])  # fmt: skip
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        keras.layers.Embedding(**kwargs)


def test_wrong_weights_shape():
    with pytest.raises(ValueError, match=r"\(4, 3\).*\(3, 3\)"):
        keras.layers.Embedding(4, 3, weights=[np.zeros((3, 3))])
