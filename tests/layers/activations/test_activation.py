"""Activation: the contract, values, config by name."""

import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


def test_contract():
    run_layer_test(keras.layers.Activation, {"activation": "tanh"}, input_shape=(2, 3),
                   expected_output_shape=(2, 3), supports_masking=True)


def test_values_and_config():
    layer = keras.layers.Activation("relu")
    assert torch.equal(layer(torch.tensor([-1.0, 2.0])), torch.tensor([0.0, 2.0]))
    assert layer.get_config()["activation"] == "relu"
    assert keras.layers.Activation(torch.square)(torch.tensor([3.0])).item() == 9.0
