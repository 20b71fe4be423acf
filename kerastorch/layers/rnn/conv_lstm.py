"""`ConvLSTM`: the N-D convolutional LSTM shared by `ConvLSTM1D`, `ConvLSTM2D` and `ConvLSTM3D`."""

from kerastorch import activations
from kerastorch import regularizers
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.rnn import _cell_utils
from kerastorch.layers.rnn import _rnn_utils
from kerastorch.layers.rnn.conv_lstm_cell import ConvLSTMCell
from kerastorch.layers.rnn.rnn import RNN
from kerastorch.utils import tree


class ConvLSTM(RNN):
    """Abstract N-D convolutional LSTM layer: an `RNN` of a `ConvLSTMCell` (Shi et al., 2015, without the
    peephole connections). Subclasses fix `rank`.

    Args:
        rank: 1, 2 or 3, the number of spatial dimensions of each timestep.
        filters, kernel_size, strides, padding, data_format, dilation_rate, activation, recurrent_activation,
        use_bias, kernel_initializer, recurrent_initializer, bias_initializer, unit_forget_bias,
        kernel_regularizer, recurrent_regularizer, bias_regularizer, kernel_constraint, recurrent_constraint,
        bias_constraint, dropout, recurrent_dropout, seed: As for `ConvLSTMCell`.
        activity_regularizer: Optional regularizer of the output.
        return_sequences, return_state, go_backwards, stateful: As for `RNN`.
        **kwargs: Base layer keyword arguments, and `RNN`'s `unroll` and `zero_output_for_mask`.

    Call arguments:
        sequences: `(batch, timesteps, *spatial, channels)`, or `(batch, timesteps, channels, *spatial)` with
            `data_format="channels_first"`.
        initial_state: Optional `[h, c]`, each shaped as one output timestep.
        mask: Optional boolean `(batch, timesteps)`.
        training: Whether dropout applies.

    Weights (of the cell, e.g. `conv_lstm2d/conv_lstm_cell/...`):
        `kernel` `kernel_size + (channels, 4 * filters)`, `recurrent_kernel` `kernel_size + (filters,
        4 * filters)`, `bias` `(4 * filters,)`.
    """

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
                 activation="tanh", recurrent_activation="sigmoid", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", unit_forget_bias=True,
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 return_sequences=False, return_state=False, go_backwards=False, stateful=False, **kwargs):
        cell = ConvLSTMCell(rank=rank, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
                            data_format=data_format, dilation_rate=dilation_rate, activation=activation,
                            recurrent_activation=recurrent_activation, use_bias=use_bias,
                            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
                            bias_initializer=bias_initializer, unit_forget_bias=unit_forget_bias,
                            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
                            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
                            dropout=dropout, recurrent_dropout=recurrent_dropout, seed=seed, name="conv_lstm_cell",
                            dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True))
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, **kwargs)
        self.input_spec = InputSpec(ndim=rank + 3)

    def call(self, sequences, initial_state=None, mask=None, training=False):
        return super().call(sequences, initial_state=initial_state, mask=mask, training=training)

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        batch_size, steps = sequences_shape[0], sequences_shape[1]
        step_shape = (batch_size,) + tuple(sequences_shape[2:])
        state_shape = tuple(self.cell.compute_output_shape(step_shape)[0][1:])
        if self.return_sequences:
            output_shape = (batch_size, steps) + state_shape
        else:
            output_shape = (batch_size,) + state_shape
        if self.return_state:
            return output_shape, (batch_size,) + state_shape, (batch_size,) + state_shape
        return output_shape

    def compute_mask(self, _, mask):
        mask = tree.flatten(mask)[0] if mask is not None else None
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask, None, None]
        return output_mask

    def _check_initial_state(self, initial_state, sequences):
        # The cell's `state_size` is a placeholder (-1): check against the two states it actually carries.
        step_shape = (sequences.shape[0],) + tuple(sequences.shape[2:])
        expected = tuple(self.cell.compute_output_shape(step_shape)[0])
        if len(initial_state) != 2:
            raise ValueError(
                f"Layer '{self.name}' expects 2 initial state tensors, `[h, c]`. "
                f"Received: len(initial_state)={len(initial_state)}"
            )
        for state in initial_state:
            if tuple(state.shape) != expected:
                raise ValueError(
                    f"Layer '{self.name}': each initial state must have the shape of one output timestep, "
                    f"{expected}. Received: initial_state shape={tuple(state.shape)}"
                )

    filters = _rnn_utils.cell_property("filters")
    kernel_size = _rnn_utils.cell_property("kernel_size")
    strides = _rnn_utils.cell_property("strides")
    padding = _rnn_utils.cell_property("padding")
    data_format = _rnn_utils.cell_property("data_format")
    dilation_rate = _rnn_utils.cell_property("dilation_rate")
    activation = _rnn_utils.cell_property("activation")
    recurrent_activation = _rnn_utils.cell_property("recurrent_activation")
    use_bias = _rnn_utils.cell_property("use_bias")
    kernel_initializer = _rnn_utils.cell_property("kernel_initializer")
    recurrent_initializer = _rnn_utils.cell_property("recurrent_initializer")
    bias_initializer = _rnn_utils.cell_property("bias_initializer")
    unit_forget_bias = _rnn_utils.cell_property("unit_forget_bias")
    kernel_regularizer = _rnn_utils.cell_property("kernel_regularizer")
    recurrent_regularizer = _rnn_utils.cell_property("recurrent_regularizer")
    bias_regularizer = _rnn_utils.cell_property("bias_regularizer")
    kernel_constraint = _rnn_utils.cell_property("kernel_constraint")
    recurrent_constraint = _rnn_utils.cell_property("recurrent_constraint")
    bias_constraint = _rnn_utils.cell_property("bias_constraint")
    dropout = _rnn_utils.cell_property("dropout")
    recurrent_dropout = _rnn_utils.cell_property("recurrent_dropout")

    def get_config(self):
        config = {**super().get_config(), **_cell_utils.common_config(self.cell)}
        del config["cell"]
        return {
            **config,
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "unit_forget_bias": self.unit_forget_bias,
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "seed": self.cell.seed,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)
