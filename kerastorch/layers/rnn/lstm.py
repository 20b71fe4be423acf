"""`LSTM`: the long short-term memory layer, on torch's fused kernel where Keras's configuration allows."""

from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.rnn import _rnn_utils
from kerastorch.layers.rnn.base_fused_rnn import BaseFusedRNN
from kerastorch.layers.rnn.lstm_cell import LSTMCell


class LSTM(BaseFusedRNN):
    """Long Short-Term Memory layer (Hochreiter & Schmidhuber, 1997): an `RNN` of an `LSTMCell`.

    With the default activations (`tanh`, `sigmoid`), no `recurrent_dropout`, `unroll=False` and no mask or a
    right-padded one (e.g. `Embedding(mask_zero=True)` on zero-padded sequences), the layer runs torch's fused
    LSTM kernel (cuDNN on CUDA) on views of its Keras-layout weights; any other configuration runs the cell step
    by step. Both give Keras's numbers.

    Args:
        units: Positive int, the size of the output and of each state.
        activation, recurrent_activation, use_bias, kernel_initializer, recurrent_initializer,
        bias_initializer, unit_forget_bias, kernel_regularizer, recurrent_regularizer, bias_regularizer,
        kernel_constraint, recurrent_constraint, bias_constraint, dropout, recurrent_dropout, seed: As for
            `LSTMCell`.
        activity_regularizer: Optional regularizer of the output.
        return_sequences, return_state, go_backwards, stateful, unroll: As for `RNN`.
        use_cudnn: `"auto"` (the fused kernel where possible), True (also raise ValueError where Keras refuses
            it), or False (always the step loop).
        **kwargs: Base layer keyword arguments, and `implementation` (see `LSTMCell`).

    Call arguments:
        sequences: `(batch, timesteps, features)`.
        initial_state: Optional `[h, c]`.
        mask: Optional boolean `(batch, timesteps)`.
        training: Whether dropout applies.

    Weights (of the cell, `lstm/lstm_cell/...`):
        `kernel` `(features, 4 * units)`, `recurrent_kernel` `(units, 4 * units)`, `bias` `(4 * units,)`.

    Example:

    ```python
    inputs = np.random.random((32, 10, 8)).astype("float32")
    whole_sequence, final_h, final_c = keras.layers.LSTM(4, return_sequences=True, return_state=True)(inputs)
    ```
    """

    _fused_kind = "lstm"
    _cell_specific_argument = "unit_forget_bias"

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, use_cudnn="auto", **kwargs):
        cell = LSTMCell(units, activation=activation, recurrent_activation=recurrent_activation, use_bias=use_bias,
                        kernel_initializer=kernel_initializer, unit_forget_bias=unit_forget_bias,
                        recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
                        kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
                        bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                        recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint, dropout=dropout,
                        recurrent_dropout=recurrent_dropout, dtype=kwargs.get("dtype"),
                        trainable=kwargs.get("trainable", True), name="lstm_cell", seed=seed,
                        implementation=kwargs.pop("implementation", 2))
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.input_spec = InputSpec(ndim=3)
        self.use_cudnn = _rnn_utils.check_use_cudnn(self.name, use_cudnn)

    unit_forget_bias = _rnn_utils.cell_property("unit_forget_bias")
