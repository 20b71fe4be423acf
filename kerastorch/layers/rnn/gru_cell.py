"""`GRUCell`: one step of a gated recurrent unit (Cho et al., 2014)."""

import torch

from kerastorch import activations
from kerastorch.layers.layer import Layer
from kerastorch.layers.rnn import _cell_utils
from kerastorch.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from kerastorch.layers.rnn.simple_rnn_cell import _device


class GRUCell(Layer, DropoutRNNCell):
    """Cell class for `GRU`: processes one timestep; `keras.layers.RNN(cell)` runs it over a sequence.

    Gates are packed in Keras's order update, reset, candidate (`z, r, h`) along the last axis of every weight.
    With `reset_after=True` (the default, cuDNN-compatible) the reset gate multiplies the recurrent projection
    after the matmul and there are separate input and recurrent biases; with False it multiplies the state
    before the matmul.

    Args:
        units: Positive int, the size of the output and of the state.
        activation: Activation of the candidate (default `"tanh"`).
        recurrent_activation: Activation of the gates (default `"sigmoid"`).
        use_bias: Whether to add biases.
        kernel_initializer: Initializer of `kernel` (default `"glorot_uniform"`).
        recurrent_initializer: Initializer of `recurrent_kernel` (default `"orthogonal"`).
        bias_initializer: Initializer of `bias` (default `"zeros"`).
        kernel_regularizer, recurrent_regularizer, bias_regularizer: Optional regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: Optional constraints.
        dropout: Float in [0, 1], the fraction of the inputs dropped in training.
        recurrent_dropout: Float in [0, 1], the fraction of the previous state dropped in training.
        reset_after: Whether the reset gate applies after the recurrent matmul.
        seed: Integer seed of the dropout masks.
        **kwargs: Base layer keyword arguments, and `implementation` (1 or 2, as `LSTMCell`).

    Call arguments:
        inputs: `(batch, features)`, the inputs of one timestep.
        states: The previous state `(batch, units)`, or a list holding it.
        training: Whether dropout applies.

    Weights:
        `kernel` `(features, 3 * units)`, `recurrent_kernel` `(units, 3 * units)`, `bias` `(2, 3 * units)` (input
        and recurrent rows) with `reset_after=True`, else `(3 * units,)`.
    """

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0,
                 reset_after=True, seed=None, **kwargs):
        implementation = kwargs.pop("implementation", 2)
        super().__init__(**kwargs)
        _cell_utils.check_units(self.name, units)
        if implementation not in (1, 2):
            raise ValueError(
                f"Layer '{self.name}': `implementation` must be 1 or 2. Received: implementation={implementation!r}"
            )
        self.units = units
        _cell_utils.init_common(self, activation, use_bias, kernel_initializer, recurrent_initializer,
                                bias_initializer, kernel_regularizer, recurrent_regularizer, bias_regularizer,
                                kernel_constraint, recurrent_constraint, bias_constraint, dropout, recurrent_dropout,
                                seed)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.reset_after = reset_after
        self.implementation = 1 if self.recurrent_dropout != 0.0 else implementation
        if self.implementation == 1:
            self.dropout_mask_count = 3
        self.state_size = units
        self.output_size = units
        self.bias = None

    def build(self, input_shape):
        _cell_utils.add_kernels(self, input_shape[-1], 3 * self.units)
        if self.use_bias:
            shape = (2, 3 * self.units) if self.reset_after else (3 * self.units,)
            self.bias = self.add_weight(shape=shape, name="bias", initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs, states, training=False):
        nested = isinstance(states, (list, tuple))
        h_tm1 = states[0] if nested else states
        units = self.units
        input_bias = recurrent_bias = None
        if self.use_bias:
            input_bias, recurrent_bias = (self.bias[0], self.bias[1]) if self.reset_after else (self.bias, None)
        dropout = training and 0.0 < self.dropout < 1.0
        recurrent_dropout = training and 0.0 < self.recurrent_dropout < 1.0
        if self.implementation == 1:
            dp = self.get_dropout_mask(inputs) if dropout else None
            rec = self.get_recurrent_dropout_mask(h_tm1) if recurrent_dropout else None
            x = [torch.matmul(inputs if dp is None else inputs * dp[g], self.kernel[:, g * units:(g + 1) * units])
                 for g in range(3)]
            if input_bias is not None:
                x = [x[g] + input_bias[g * units:(g + 1) * units] for g in range(3)]
            h_z, h_r, h_h = (h_tm1 if rec is None else h_tm1 * rec[g] for g in range(3))
            recurrent_z = torch.matmul(h_z, self.recurrent_kernel[:, :units])
            recurrent_r = torch.matmul(h_r, self.recurrent_kernel[:, units:2 * units])
            if self.reset_after and recurrent_bias is not None:
                recurrent_z = recurrent_z + recurrent_bias[:units]
                recurrent_r = recurrent_r + recurrent_bias[units:2 * units]
            z = self.recurrent_activation(x[0] + recurrent_z)
            r = self.recurrent_activation(x[1] + recurrent_r)
            if self.reset_after:
                recurrent_h = torch.matmul(h_h, self.recurrent_kernel[:, 2 * units:])
                if recurrent_bias is not None:
                    recurrent_h = recurrent_h + recurrent_bias[2 * units:]
                recurrent_h = r * recurrent_h
            else:
                recurrent_h = torch.matmul(r * h_h, self.recurrent_kernel[:, 2 * units:])
            hh = self.activation(x[2] + recurrent_h)
        else:
            if dropout:
                inputs = inputs * self.get_dropout_mask(inputs)
            matrix_x = torch.matmul(inputs, self.kernel)
            if input_bias is not None:
                matrix_x = matrix_x + input_bias
            x_z, x_r, x_h = torch.chunk(matrix_x, 3, dim=-1)
            if self.reset_after:
                matrix_inner = torch.matmul(h_tm1, self.recurrent_kernel)
                if recurrent_bias is not None:
                    matrix_inner = matrix_inner + recurrent_bias
            else:
                matrix_inner = torch.matmul(h_tm1, self.recurrent_kernel[:, :2 * units])
            z = self.recurrent_activation(x_z + matrix_inner[:, :units])
            r = self.recurrent_activation(x_r + matrix_inner[:, units:2 * units])
            if self.reset_after:
                recurrent_h = r * matrix_inner[:, 2 * units:]
            else:
                recurrent_h = torch.matmul(r * h_tm1, self.recurrent_kernel[:, 2 * units:])
            hh = self.activation(x_h + recurrent_h)
        h = z * h_tm1 + (1 - z) * hh
        return h, ([h] if nested else h)

    def get_initial_state(self, batch_size=None):
        return [torch.zeros((batch_size, self.units), dtype=self._compute_torch_dtype, device=_device(self))]

    def get_config(self):
        return {
            **super().get_config(),
            "units": self.units,
            **_cell_utils.common_config(self),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "reset_after": self.reset_after,
            "seed": self.seed,
        }
