"""Masking: the contract, the mask, zeroing, and propagation into a model."""

import numpy as np
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


def test_contract():
    run_layer_test(keras.layers.Masking, {"mask_value": 0.5}, input_shape=(2, 3, 4),
                   expected_output_shape=(2, 3, 4), supports_masking=True)


def test_mask_and_zeroed_output():
    x = torch.tensor([[[1.0, 1.0], [2.0, 0.0], [1.0, 1.0]]])
    out = keras.layers.Masking(mask_value=1.0)(x)
    assert torch.equal(out._keras_mask, torch.tensor([[False, True, False]]))
    np.testing.assert_array_equal(out.detach().numpy(), [[[0.0, 0.0], [2.0, 0.0], [0.0, 0.0]]])


def test_mask_reaches_downstream_layers_symbolically_and_eagerly():
    x = keras.Input((3, 2))
    masked = keras.layers.Masking()(x)
    y = keras.layers.Dense(2)(masked)
    assert y._keras_mask is not None and tuple(y._keras_mask.shape) == (None, 3)
    data = torch.tensor([[[0.0, 0.0], [1.0, 2.0], [0.0, 0.0]]])
    dense_out = keras.layers.Dense(2)(keras.layers.Masking()(data))
    assert torch.equal(dense_out._keras_mask, torch.tensor([[False, True, False]]))
