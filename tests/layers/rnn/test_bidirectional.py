"""Bidirectional: the contract, merge modes against its two halves, states, bad arguments."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, out_shape", [
    ({"layer": keras.layers.LSTM(3)}, (2, 6)),
    ({"layer": keras.layers.GRU(3, return_sequences=True), "merge_mode": "sum"}, (2, 5, 3)),
])  # fmt: skip
def test_contract(kwargs, out_shape):
    run_layer_test(keras.layers.Bidirectional, kwargs, input_shape=(2, 5, 4), expected_output_shape=out_shape,
                   expected_num_trainable_weights=6, supports_masking=True, atol=1e-5)


@pytest.mark.parametrize("merge_mode", ["concat", "sum", "mul", "ave", None])
def test_merge_modes_combine_the_two_directions(merge_mode):
    layer = keras.layers.Bidirectional(keras.layers.SimpleRNN(2, return_sequences=True), merge_mode=merge_mode)
    x = torch.randn(2, 4, 3)
    out = layer(x)
    forward = layer.forward_layer(x)
    backward = torch.flip(layer.backward_layer(x), dims=[1])
    expected = {"concat": lambda: torch.cat([forward, backward], -1), "sum": lambda: forward + backward,
                "mul": lambda: forward * backward, "ave": lambda: (forward + backward) / 2,
                None: lambda: (forward, backward)}[merge_mode]()
    for a, b in zip(out if merge_mode is None else [out], expected if merge_mode is None else [expected]):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), atol=1e-6)


def test_names_states_and_weights():
    layer = keras.layers.Bidirectional(keras.layers.LSTM(2, return_state=True, name="enc"), name="bi")
    out, fh, fc, bh, bc = layer(torch.randn(2, 4, 3))
    assert out.shape == (2, 4) and fh.shape == bc.shape == (2, 2)
    assert layer.forward_layer.name == "forward_enc" and layer.backward_layer.name == "backward_enc"
    assert layer.backward_layer.go_backwards
    assert [w.path for w in layer.weights][::3] == ["bi/forward_enc/lstm_cell/kernel", "bi/backward_enc/lstm_cell/kernel"]


def test_bad_arguments():
    with pytest.raises(ValueError, match="Received: merge_mode='max'"):
        keras.layers.Bidirectional(keras.layers.LSTM(2), merge_mode="max")
    with pytest.raises(ValueError, match="go_backwards"):
        keras.layers.Bidirectional(keras.layers.LSTM(2), backward_layer=keras.layers.LSTM(2))
    with pytest.raises(ValueError, match="Received: layer="):
        keras.layers.Bidirectional("lstm")
