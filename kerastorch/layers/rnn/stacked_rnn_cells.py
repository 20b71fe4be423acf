"""`StackedRNNCells`: a list of RNN cells that behaves as one cell, each feeding the next."""

from kerastorch.layers.layer import Layer
from kerastorch.layers.rnn import _rnn_utils
from kerastorch.saving import serialization_lib
from kerastorch.utils import tree


class StackedRNNCells(Layer):
    """Wraps a list of RNN cells so that `RNN` runs them as one: at each timestep the output of a cell is the
    input of the next, and the state is the list of the cells' states. `RNN([cell_a, cell_b])` builds one.

    Args:
        cells: List of RNN cells (each with `call(inputs, states)` and `state_size`).
        **kwargs: Base layer keyword arguments, such as `name`.

    Example:

    ```python
    cells = [keras.layers.LSTMCell(16), keras.layers.LSTMCell(8)]
    outputs = keras.layers.RNN(keras.layers.StackedRNNCells(cells))(np.zeros((4, 10, 3), "float32"))  # (4, 8)
    ```
    """

    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        for cell in cells:
            if "call" not in dir(cell):
                raise ValueError(
                    f"StackedRNNCells '{self.name}': all cells must have a `call` method. Received: cell={cell}"
                )
            if "state_size" not in dir(cell):
                raise ValueError(
                    f"StackedRNNCells '{self.name}': all cells must have a `state_size` attribute. "
                    f"Received: cell={cell}"
                )
        self.cells = list(cells)

    @property
    def state_size(self):
        return [cell.state_size for cell in self.cells]

    @property
    def output_size(self):
        return _rnn_utils.output_size(self.cells[-1])

    def get_initial_state(self, batch_size=None):
        return [_rnn_utils.initial_state(cell, batch_size, self._compute_torch_dtype) for cell in self.cells]

    def call(self, inputs, states, training=False, **kwargs):
        new_states = []
        for cell, cell_states in zip(self.cells, states):
            was_nested = tree.is_nested(cell_states)
            cell_states = list(cell_states) if was_nested else [cell_states]
            inputs, cell_states = _rnn_utils.call_cell(cell, inputs, cell_states, training, **kwargs)
            if not tree.is_nested(cell_states):
                cell_states = [cell_states]
            if len(cell_states) == 1 and not was_nested:
                cell_states = cell_states[0]
            new_states.append(cell_states)
        if len(new_states) == 1:
            new_states = new_states[0]
        return inputs, new_states

    def build(self, input_shape):
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                _rnn_utils.build_sublayer(cell, input_shape)
            input_shape = (tree.flatten(input_shape)[0], _rnn_utils.output_size(cell))
        self.built = True

    def get_config(self):
        return {**super().get_config(),
                "cells": [serialization_lib.serialize_keras_object(cell) for cell in self.cells]}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        cells = [serialization_lib.deserialize_keras_object(c, custom_objects=custom_objects)
                 for c in config.pop("cells")]
        return cls(cells, **config)


