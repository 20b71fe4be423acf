"""`SimpleRNN`: a fully-connected RNN whose output is fed back as its state."""

from kerastorch import regularizers
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.rnn import _cell_utils
from kerastorch.layers.rnn import _rnn_utils
from kerastorch.layers.rnn.rnn import RNN
from kerastorch.layers.rnn.simple_rnn_cell import SimpleRNNCell


class SimpleRNN(RNN):
    """Fully-connected RNN where the output is fed back as the next input state: an `RNN` of a `SimpleRNNCell`.

    Args:
        units: Positive int, the size of the output and of the state.
        activation, use_bias, kernel_initializer, recurrent_initializer, bias_initializer, kernel_regularizer,
        recurrent_regularizer, bias_regularizer, kernel_constraint, recurrent_constraint, bias_constraint,
        dropout, recurrent_dropout, seed: As for `SimpleRNNCell`.
        activity_regularizer: Optional regularizer of the output.
        return_sequences, return_state, go_backwards, stateful, unroll: As for `RNN`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        sequences: `(batch, timesteps, features)`.
        initial_state: Optional `[h]`.
        mask: Optional boolean `(batch, timesteps)`.
        training: Whether dropout applies.

    Weights (of the cell, `simple_rnn/simple_rnn_cell/...`):
        `kernel` `(features, units)`, `recurrent_kernel` `(units, units)`, `bias` `(units,)`.

    Example:

    ```python
    outputs = keras.layers.SimpleRNN(4)(np.zeros((32, 10, 8), "float32"))  # (32, 4)
    ```
    """

    def __init__(self, units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0,
                 return_sequences=False, return_state=False, go_backwards=False, stateful=False, unroll=False,
                 seed=None, **kwargs):
        cell = SimpleRNNCell(units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                             recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
                             kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
                             bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                             recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
                             dropout=dropout, recurrent_dropout=recurrent_dropout, seed=seed,
                             dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True),
                             name="simple_rnn_cell")
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.input_spec = InputSpec(ndim=3)

    def call(self, sequences, initial_state=None, mask=None, training=False):
        return super().call(sequences, initial_state=initial_state, mask=mask, training=training)

    units = _rnn_utils.cell_property("units")
    activation = _rnn_utils.cell_property("activation")
    use_bias = _rnn_utils.cell_property("use_bias")
    kernel_initializer = _rnn_utils.cell_property("kernel_initializer")
    recurrent_initializer = _rnn_utils.cell_property("recurrent_initializer")
    bias_initializer = _rnn_utils.cell_property("bias_initializer")
    kernel_regularizer = _rnn_utils.cell_property("kernel_regularizer")
    recurrent_regularizer = _rnn_utils.cell_property("recurrent_regularizer")
    bias_regularizer = _rnn_utils.cell_property("bias_regularizer")
    kernel_constraint = _rnn_utils.cell_property("kernel_constraint")
    recurrent_constraint = _rnn_utils.cell_property("recurrent_constraint")
    bias_constraint = _rnn_utils.cell_property("bias_constraint")
    dropout = _rnn_utils.cell_property("dropout")
    recurrent_dropout = _rnn_utils.cell_property("recurrent_dropout")

    def get_config(self):
        config = {**super().get_config(), **_cell_utils.common_config(self.cell),
                  "units": self.units, "activity_regularizer": regularizers.serialize(self.activity_regularizer)}
        del config["cell"]
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)
