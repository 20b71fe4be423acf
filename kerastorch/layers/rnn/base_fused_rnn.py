"""`BaseFusedRNN`: what LSTM and GRU share: the fused-kernel dispatch, the cell's arguments read through
the layer, and Keras's config layout (the cell's arguments flattened into the layer's config)."""

from kerastorch import activations
from kerastorch import regularizers
from kerastorch.layers.rnn import _cell_utils
from kerastorch.layers.rnn import _fused
from kerastorch.layers.rnn import _rnn_utils
from kerastorch.layers.rnn.rnn import RNN


class BaseFusedRNN(RNN):
    """An `RNN` of one gated cell that torch has a fused kernel for.

    Subclasses set `_fused_kind` (`"lstm"` or `"gru"`) and `_cell_specific_argument`, the one cell argument
    their config adds (`unit_forget_bias` for LSTM, `reset_after` for GRU).
    """

    _fused_kind = None
    _cell_specific_argument = None

    def inner_loop(self, sequences, initial_state, mask, training=False):
        result = _fused.try_fused(self, self._fused_kind, sequences, initial_state, mask, training)
        if result is not None:
            return result
        return super().inner_loop(sequences, initial_state, mask=mask, training=training)

    def call(self, sequences, initial_state=None, mask=None, training=False):
        return super().call(sequences, initial_state=initial_state, mask=mask, training=training)

    units = _rnn_utils.cell_property("units")
    activation = _rnn_utils.cell_property("activation")
    recurrent_activation = _rnn_utils.cell_property("recurrent_activation")
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
        config = {**super().get_config(), **_cell_utils.common_config(self.cell)}
        del config["cell"]
        return {
            **config,
            "units": self.units,
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            self._cell_specific_argument: getattr(self.cell, self._cell_specific_argument),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "seed": self.cell.seed,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)
