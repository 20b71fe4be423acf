"""SimpleRNN and SimpleRNNCell: the contract, a hand-computed sequence, masking, dropout, bad inputs."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, out_shape", [
    ({"units": 3}, (2, 3)),
    ({"units": 3, "return_sequences": True, "activation": "relu"}, (2, 5, 3)),
])  # fmt: skip
def test_contract(kwargs, out_shape):
    run_layer_test(keras.layers.SimpleRNN, kwargs, input_shape=(2, 5, 4), expected_output_shape=out_shape,
                   expected_num_trainable_weights=3, supports_masking=True, atol=1e-5)


def test_hand_computed_sequence():
    layer = keras.layers.SimpleRNN(1, activation=None, kernel_initializer="ones",
                                   recurrent_initializer=keras.initializers.Constant(0.5), return_sequences=True)
    out = layer(torch.tensor([[[1.0], [2.0], [3.0]]]))
    # h1 = 1, h2 = 2 + 0.5, h3 = 3 + 1.25
    np.testing.assert_allclose(out.detach().numpy().ravel(), [1.0, 2.5, 4.25])
    backwards = keras.layers.SimpleRNN(1, activation=None, kernel_initializer="ones",
                                       recurrent_initializer=keras.initializers.Constant(0.5), go_backwards=True,
                                       return_sequences=True)
    np.testing.assert_allclose(backwards(torch.tensor([[[1.0], [2.0], [3.0]]])).detach().numpy().ravel(),
                               [3.0, 3.5, 2.75])


def test_masked_step_repeats_previous_output():
    layer = keras.layers.SimpleRNN(1, activation=None, kernel_initializer="ones", recurrent_initializer="ones",
                                   return_sequences=True)
    out = layer(torch.tensor([[[1.0], [5.0], [1.0]]]), mask=torch.tensor([[True, False, True]]))
    np.testing.assert_allclose(out.detach().numpy().ravel(), [1.0, 1.0, 2.0])
    assert out._keras_mask.tolist() == [[True, False, True]]


def test_dropout_only_in_training_and_same_mask_every_step():
    layer = keras.layers.SimpleRNN(4, dropout=0.5, seed=1, return_sequences=True)
    x = torch.ones(2, 3, 6)
    np.testing.assert_allclose(layer(x).detach().numpy(), layer(x).detach().numpy())
    assert not torch.allclose(layer(x, training=True), layer(x))


def test_rnn_rejects_cell_without_state_size():
    with pytest.raises(ValueError, match="state_size"):
        keras.layers.RNN(keras.layers.Dense(2))
