"""Identity: returns inputs and masks unchanged."""

import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


def test_contract():
    run_layer_test(keras.layers.Identity, {}, input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4),
                   supports_masking=True)


def test_returns_same_tensor_and_keeps_mask():
    x = torch.randn(2, 3, 4)
    assert keras.layers.Identity()(x) is x
    masked = keras.layers.Masking()(torch.tensor([[[0.0], [1.0]]]))
    assert torch.equal(keras.layers.Identity()(masked)._keras_mask, torch.tensor([[False, True]]))


def test_nested_inputs():
    a, b = torch.ones(2, 1), torch.zeros(2, 3)
    out = keras.layers.Identity()([a, b])
    assert out[0] is a and out[1] is b
