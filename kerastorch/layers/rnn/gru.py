"""`GRU`: the gated recurrent unit layer, on torch's fused kernel where Keras's configuration allows."""

from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.rnn import _rnn_utils
from kerastorch.layers.rnn.base_fused_rnn import BaseFusedRNN
from kerastorch.layers.rnn.gru_cell import GRUCell


class GRU(BaseFusedRNN):
    """Gated Recurrent Unit layer (Cho et al., 2014): an `RNN` of a `GRUCell`.

    With `reset_after=True` (the default), the default activations (`tanh`, `sigmoid`), no
    `recurrent_dropout`, `unroll=False` and no mask or a right-padded one, the layer runs torch's fused GRU
    kernel (cuDNN on CUDA) on its Keras-layout weights, reordered from Keras's gates z, r, h to torch's r, z, n
    on the fly. `reset_after=False` has no torch kernel and, like every other configuration, runs the cell step
    by step. Both give Keras's numbers.

    Args:
        units: Positive int, the size of the output and of the state.
        activation, recurrent_activation, use_bias, kernel_initializer, recurrent_initializer,
        bias_initializer, kernel_regularizer, recurrent_regularizer, bias_regularizer, kernel_constraint,
        recurrent_constraint, bias_constraint, dropout, recurrent_dropout, reset_after, seed: As for `GRUCell`.
        activity_regularizer: Optional regularizer of the output.
        return_sequences, return_state, go_backwards, stateful, unroll: As for `RNN`.
        use_cudnn: `"auto"`, True or False, as for `LSTM`.
        **kwargs: Base layer keyword arguments, and `implementation` (see `GRUCell`).

    Call arguments:
        sequences: `(batch, timesteps, features)`.
        initial_state: Optional `[h]`.
        mask: Optional boolean `(batch, timesteps)`.
        training: Whether dropout applies.

    Weights (of the cell, `gru/gru_cell/...`):
        `kernel` `(features, 3 * units)`, `recurrent_kernel` `(units, 3 * units)`, `bias` `(2, 3 * units)` with
        `reset_after=True`, else `(3 * units,)`.

    Example:

    ```python
    inputs = np.random.random((32, 10, 8)).astype("float32")
    whole_sequence, final_state = keras.layers.GRU(4, return_sequences=True, return_state=True)(inputs)
    ```
    """

    _fused_kind = "gru"
    _cell_specific_argument = "reset_after"

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, reset_after=True, use_cudnn="auto", **kwargs):
        cell = GRUCell(units, activation=activation, recurrent_activation=recurrent_activation, use_bias=use_bias,
                       kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
                       bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                       recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
                       kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
                       bias_constraint=bias_constraint, dropout=dropout, recurrent_dropout=recurrent_dropout,
                       reset_after=reset_after, dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True),
                       name="gru_cell", seed=seed, implementation=kwargs.pop("implementation", 2))
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.input_spec = InputSpec(ndim=3)
        self.use_cudnn = _rnn_utils.check_use_cudnn(self.name, use_cudnn)

    reset_after = _rnn_utils.cell_property("reset_after")
