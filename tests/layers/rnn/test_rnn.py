"""RNN with cells and StackedRNNCells: the contract, a custom cell, stacked states, symbolic use."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


class MinimalRNNCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="ones", name="kernel")

    def call(self, inputs, states):
        output = inputs @ self.kernel + states[0]
        return output, [output]

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def test_contract_cell():
    run_layer_test(keras.layers.RNN, {"cell": keras.layers.LSTMCell(3), "return_sequences": True},
                   input_shape=(2, 5, 4), expected_output_shape=(2, 5, 3), expected_num_trainable_weights=3,
                   atol=1e-5, run_symbolic_check=True)


@pytest.mark.parametrize("cell, n_weights", [
    (lambda: keras.layers.SimpleRNNCell(3), 3),
    (lambda: keras.layers.GRUCell(3), 3),
    (lambda: keras.layers.GRUCell(3, reset_after=False, use_bias=False), 2),
])  # fmt: skip
def test_contract_each_cell(cell, n_weights):
    run_layer_test(keras.layers.RNN, {"cell": cell(), "return_sequences": True, "go_backwards": True},
                   input_shape=(2, 5, 4), expected_output_shape=(2, 5, 3), expected_num_trainable_weights=n_weights,
                   supports_masking=True, atol=1e-5)


def test_contract_stacked_cells():
    cells = keras.layers.StackedRNNCells([keras.layers.SimpleRNNCell(2), keras.layers.GRUCell(3)])
    run_layer_test(keras.layers.RNN, {"cell": cells}, input_shape=(2, 5, 4), expected_output_shape=(2, 3),
                   expected_num_trainable_weights=6, atol=1e-5)


def test_custom_cell_hand_computed():
    layer = keras.layers.RNN(MinimalRNNCell(1), return_sequences=True, return_state=True)
    out, state = layer(torch.tensor([[[1.0, 1.0], [2.0, 0.0], [0.5, 0.5]]]))
    np.testing.assert_allclose(out.detach().numpy().ravel(), [2.0, 4.0, 5.0])
    np.testing.assert_allclose(state.detach().numpy(), [[5.0]])


def test_list_of_cells_becomes_stacked_with_nested_states():
    layer = keras.layers.RNN([keras.layers.LSTMCell(3), keras.layers.SimpleRNNCell(2)], return_state=True)
    out, lstm_states, (simple_state,) = layer(torch.randn(2, 4, 5))
    assert isinstance(layer.cell, keras.layers.StackedRNNCells)
    assert out.shape == (2, 2) and [s.shape for s in lstm_states] == [(2, 3), (2, 3)]
    np.testing.assert_allclose(out.detach().numpy(), simple_state.detach().numpy())
    first = layer.cell.cells[0]
    assert layer.weights[0].path == f"{layer.name}/{layer.cell.name}/{first.name}/kernel"


def test_symbolic_model_with_mask():
    inputs = keras.Input((6,), dtype="int32")
    hidden = keras.layers.Embedding(10, 4, mask_zero=True)(inputs)
    sequence = keras.layers.LSTM(3, return_sequences=True)(hidden)
    outputs = keras.layers.GRU(2)(sequence)
    model = keras.Model(inputs, outputs)
    assert tuple(outputs.shape) == (None, 2)
    ids = np.array([[1, 2, 3, 0, 0, 0], [4, 5, 0, 0, 0, 0]])
    np.testing.assert_allclose(model.predict(ids, verbose=0), model.predict(ids[:, :3], verbose=0), atol=1e-6)


def test_stacked_cells_bad_cell():
    with pytest.raises(ValueError, match="state_size"):
        keras.layers.StackedRNNCells([keras.layers.Dense(2)])
