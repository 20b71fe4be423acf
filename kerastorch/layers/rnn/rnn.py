"""`RNN`: runs a recurrent cell over the time axis of a sequence."""

import torch

from kerastorch.layers.layer import Layer
from kerastorch.layers.rnn import _rnn_utils
from kerastorch.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from kerastorch.layers.rnn.stacked_rnn_cells import StackedRNNCells
from kerastorch.saving import serialization_lib
from kerastorch.utils import tree


class RNN(Layer):
    """Base class of the recurrent layers: applies a cell at every timestep, carrying its state.

    A cell is any object with `call(inputs_t, states) -> (output_t, new_states)` and a `state_size` (an int, or
    a list with one size per state); optionally `output_size` and `get_initial_state(batch_size)`. A list of
    cells is stacked with `StackedRNNCells`.

    Args:
        cell: An RNN cell, or a list of cells.
        return_sequences: Whether to return the output of every timestep (`(batch, timesteps, units)`) rather
            than the last one (`(batch, units)`).
        return_state: Whether to also return the final states.
        go_backwards: Whether to process the sequence backwards (the returned sequence is then reversed too).
        stateful: Whether the final states of a batch are the initial states of the next one (the batch size
            must then be fixed). `reset_state()` sets them back to zeros.
        unroll: Accepted for compatibility: the eager loop is already unrolled; it turns the fused kernels off.
        zero_output_for_mask: Whether masked timesteps output zeros (else the previous output is repeated).
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        sequences: `(batch, timesteps, features)`.
        initial_state: Optional list of initial state tensors (default: the cell's, zeros).
        mask: Optional boolean `(batch, timesteps)`; False timesteps are skipped (the state carries over). Taken
            from the input's mask, e.g. from `Embedding(mask_zero=True)`.
        training: Whether dropout applies.

    Output shape:
        `(batch, units)`, or `(batch, timesteps, units)` with `return_sequences`; with `return_state`, a tuple
        `(output, *states)`.

    Example:

    ```python
    outputs = keras.layers.RNN(keras.layers.LSTMCell(4))(np.zeros((32, 10, 8), "float32"))  # (32, 4)
    ```
    """

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False, stateful=False,
                 unroll=False, zero_output_for_mask=False, **kwargs):
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if "call" not in dir(cell):
            raise ValueError(f"Argument `cell` should have a `call` method. Received: cell={cell}")
        if "state_size" not in dir(cell):
            raise ValueError(
                "The RNN cell should have a `state_size` attribute (an integer, or a list of integers, one per "
                f"state). Received: cell={cell}"
            )
        super().__init__(**kwargs)
        self.cell = cell
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.zero_output_for_mask = zero_output_for_mask
        self.supports_masking = True
        self._set_untracked("states", None)
        self._expected_batch_size = None
        state_size = getattr(cell, "state_size", None)
        if not isinstance(state_size, (list, tuple, int)):
            raise ValueError(
                "`state_size` of an RNN cell must be an integer, or a list/tuple of integers (one per state). "
                f"Received: state_size={state_size!r}"
            )
        self.single_state = isinstance(state_size, int)
        self.state_size = [state_size] if self.single_state else list(state_size)

    # ------------------------------------------------------------------ shapes and state
    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        batch_size, length = sequences_shape[0], sequences_shape[1]
        states_shape = []
        for size in self.state_size:
            if isinstance(size, int):
                states_shape.append((batch_size, size))
            else:
                states_shape.append([(batch_size, s) for s in size])
        output_size = getattr(self.cell, "output_size", None) or self.state_size[0]
        if not isinstance(output_size, int):
            raise ValueError(f"RNN layer '{self.name}': the cell's `output_size` must be an integer. "
                             f"Received: output_size={output_size!r}")
        output_shape = (batch_size, length, output_size) if self.return_sequences else (batch_size, output_size)
        if self.return_state:
            return (output_shape, *states_shape)
        return output_shape

    def compute_mask(self, _, mask):
        mask = tree.flatten(mask)[0] if mask is not None else None
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None for _ in self.state_size]
        return output_mask

    def build(self, sequences_shape, initial_state_shape=None):
        step_shape = (sequences_shape[0],) + tuple(sequences_shape[2:])
        if isinstance(self.cell, Layer) and not self.cell.built:
            _rnn_utils.build_sublayer(self.cell, step_shape)
        if self.stateful:
            if self.states is not None:
                self.reset_state()
            else:
                if sequences_shape[0] is None:
                    raise ValueError(
                        f"RNN layer '{self.name}': with `stateful=True` the batch size must be static. "
                        f"Received: sequences.shape={tuple(sequences_shape)}"
                    )
                self._set_untracked("states", self.get_initial_state(sequences_shape[0]))
                self._expected_batch_size = sequences_shape[0]
        self.built = True

    def get_initial_state(self, batch_size):
        """The initial states for a batch: the cell's `get_initial_state`, else zeros."""
        state = _rnn_utils.initial_state(self.cell, batch_size, self._compute_torch_dtype)
        return list(state) if tree.is_nested(state) else [state]

    def reset_states(self):
        self.reset_state()

    def reset_state(self):
        """Sets the states of a stateful layer back to zeros."""
        if self.states is not None:
            self._set_untracked("states", tree.map_structure(torch.zeros_like, self.states))

    # ------------------------------------------------------------------ calling
    def inner_loop(self, sequences, initial_state, mask, training=False):
        """Runs the cell over the sequence; returns `(last_output, outputs, states)`."""

        def step(inputs, states):
            output, new_states = _rnn_utils.call_cell(self.cell, inputs, states, training)
            if not tree.is_nested(new_states):
                new_states = [new_states]
            return output, new_states

        if not tree.is_nested(initial_state):
            initial_state = [initial_state]
        return _rnn_utils.step_loop(step, sequences, initial_state, mask=mask, go_backwards=self.go_backwards,
                                    zero_output_for_mask=self.zero_output_for_mask,
                                    return_all_outputs=self.return_sequences)

    def call(self, sequences, initial_state=None, mask=None, training=False):
        if initial_state is None:
            if self.stateful:
                initial_state = self.states
            else:
                initial_state = self.get_initial_state(sequences.shape[0])
        if self.stateful and self._expected_batch_size is not None and sequences.shape[0] != self._expected_batch_size:
            raise ValueError(
                f"RNN layer '{self.name}' is stateful: the batch size of the input must be the batch size of its "
                f"states, {self._expected_batch_size}. Received: sequences.shape={tuple(sequences.shape)}"
            )
        if tree.is_nested(mask):
            mask = tree.flatten(mask)[0]
        initial_state = list(initial_state) if tree.is_nested(initial_state) else [initial_state]
        initial_state = tree.map_structure(
            lambda s: torch.as_tensor(s, dtype=self._compute_torch_dtype, device=sequences.device), initial_state
        )
        self._check_initial_state(initial_state, sequences)
        self._config_dropout_masks(self.cell, sequences[:, 0], initial_state)
        try:
            last_output, outputs, states = self.inner_loop(sequences, initial_state, mask=mask, training=training)
        finally:
            self._reset_dropout_masks(self.cell)
        if self.stateful:
            self._set_untracked("states", tree.map_structure(lambda s: s.detach(), list(states)))
        output = outputs if self.return_sequences else last_output
        if self.return_state:
            return (output, *states)
        return output

    def _check_initial_state(self, initial_state, sequences):
        expected = len(self.state_size)
        if len(initial_state) != expected:
            raise ValueError(
                f"RNN layer '{self.name}' expects {expected} initial state tensor(s), one per state of its cell. "
                f"Received: len(initial_state)={len(initial_state)}"
            )
        for state in tree.flatten(initial_state):
            if state.shape[0] != sequences.shape[0]:
                raise ValueError(
                    f"RNN layer '{self.name}': each initial state must have the batch size of the input, "
                    f"{sequences.shape[0]}. Received: initial_state shape={tuple(state.shape)}"
                )

    def _config_dropout_masks(self, cell, step_input, states):
        # Keras draws the masks up front (even in inference), so a seeded stream advances as it does there.
        state = states[0] if isinstance(states, (list, tuple)) else states
        if isinstance(cell, DropoutRNNCell):
            cell.get_dropout_mask(step_input)
            cell.get_recurrent_dropout_mask(state)
        if isinstance(cell, StackedRNNCells):
            cells = cell.cells
            for index, (sub, sub_state) in enumerate(zip(cells, states)):
                self._config_dropout_masks(sub, step_input, sub_state)
                if not any(_has_dropout(later) for later in cells[index + 1:]):
                    break  # the next cells' inputs are only needed for the shapes of their masks
                sub_state = list(sub_state) if tree.is_nested(sub_state) else [sub_state]
                step_input, _ = _rnn_utils.call_cell(sub, step_input, sub_state, False)

    def _reset_dropout_masks(self, cell):
        if isinstance(cell, DropoutRNNCell):
            cell.reset_dropout_mask()
            cell.reset_recurrent_dropout_mask()
        if isinstance(cell, StackedRNNCells):
            for sub in cell.cells:
                self._reset_dropout_masks(sub)

    # ------------------------------------------------------------------ config
    def get_config(self):
        return {
            **super().get_config(),
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "go_backwards": self.go_backwards,
            "stateful": self.stateful,
            "unroll": self.unroll,
            "zero_output_for_mask": self.zero_output_for_mask,
            "cell": serialization_lib.serialize_keras_object(self.cell),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        cell = serialization_lib.deserialize_keras_object(config.pop("cell"), custom_objects=custom_objects)
        return cls(cell, **config)

    def extra_repr(self):
        return f"name={self.name!r}, cell={getattr(self.cell, 'name', type(self.cell).__name__)}"


def _has_dropout(cell):
    if isinstance(cell, StackedRNNCells):
        return any(_has_dropout(c) for c in cell.cells)
    return isinstance(cell, DropoutRNNCell) and (cell.dropout > 0 or cell.recurrent_dropout > 0)
