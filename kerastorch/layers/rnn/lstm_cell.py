"""`LSTMCell`: one step of a long short-term memory layer (Hochreiter & Schmidhuber, 1997)."""

import torch

from kerastorch import activations
from kerastorch import initializers
from kerastorch.layers.layer import Layer
from kerastorch.layers.rnn import _cell_utils
from kerastorch.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from kerastorch.layers.rnn.simple_rnn_cell import _device


class LSTMCell(Layer, DropoutRNNCell):
    """Cell class for `LSTM`: processes one timestep; `keras.layers.RNN(cell)` runs it over a sequence.

    Gates are packed in Keras's order input, forget, cell, output (`i, f, c, o`) along the last axis of every
    weight, which is also torch's order: `LSTM` hands the same Parameters to torch's fused kernel.

    Args:
        units: Positive int, the size of the output and of each state.
        activation: Activation of the cell and output (default `"tanh"`).
        recurrent_activation: Activation of the gates (default `"sigmoid"`).
        use_bias: Whether to add a bias vector.
        kernel_initializer: Initializer of `kernel` (default `"glorot_uniform"`).
        recurrent_initializer: Initializer of `recurrent_kernel` (default `"orthogonal"`).
        bias_initializer: Initializer of `bias` (default `"zeros"`).
        unit_forget_bias: If True, the forget gate's bias starts at 1 (the others from `bias_initializer`).
        kernel_regularizer, recurrent_regularizer, bias_regularizer: Optional regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: Optional constraints.
        dropout: Float in [0, 1], the fraction of the inputs dropped in training.
        recurrent_dropout: Float in [0, 1], the fraction of the previous output dropped in training.
        seed: Integer seed of the dropout masks.
        **kwargs: Base layer keyword arguments, and `implementation` (1: one matmul per gate, 2: one fused
            matmul; `recurrent_dropout` forces 1, as in Keras).

    Call arguments:
        inputs: `(batch, features)`, the inputs of one timestep.
        states: `[h, c]`, the previous output and carry, each `(batch, units)`.
        training: Whether dropout applies.

    Weights:
        `kernel` `(features, 4 * units)`, `recurrent_kernel` `(units, 4 * units)`, `bias` `(4 * units,)`.
    """

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, **kwargs):
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
        self.unit_forget_bias = unit_forget_bias
        self.implementation = 1 if self.recurrent_dropout != 0.0 else implementation
        if self.implementation == 1:
            self.dropout_mask_count = 4
        self.state_size = [units, units]
        self.output_size = units
        self.bias = None

    def build(self, input_shape):
        _cell_utils.add_kernels(self, input_shape[-1], 4 * self.units)
        if self.use_bias:
            initializer = self.bias_initializer
            if self.unit_forget_bias:
                units, base = self.units, self.bias_initializer
                ones = initializers.get("ones")

                def initializer(shape, dtype=None):
                    parts = [base((units,), dtype=dtype), ones((units,), dtype=dtype), base((2 * units,), dtype=dtype)]
                    return torch.cat([torch.as_tensor(p) for p in parts])

            self.bias = self.add_weight(shape=(4 * self.units,), name="bias", initializer=initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs, states, training=False):
        h_tm1, c_tm1 = states[0], states[1]
        dropout = training and 0.0 < self.dropout < 1.0
        recurrent_dropout = training and 0.0 < self.recurrent_dropout < 1.0
        if self.implementation == 1:
            dp = self.get_dropout_mask(inputs) if dropout else None
            rec = self.get_recurrent_dropout_mask(h_tm1) if recurrent_dropout else None
            kernels = torch.chunk(self.kernel, 4, dim=1)
            recurrent = torch.chunk(self.recurrent_kernel, 4, dim=1)
            biases = torch.chunk(self.bias, 4) if self.use_bias else (None,) * 4
            z = []
            for gate in range(4):
                x = torch.matmul(inputs if dp is None else inputs * dp[gate], kernels[gate])
                if biases[gate] is not None:
                    x = x + biases[gate]
                z.append(x + torch.matmul(h_tm1 if rec is None else h_tm1 * rec[gate], recurrent[gate]))
        else:
            if dropout:
                inputs = inputs * self.get_dropout_mask(inputs)
            gates = torch.matmul(inputs, self.kernel) + torch.matmul(h_tm1, self.recurrent_kernel)
            if self.use_bias:
                gates = gates + self.bias
            z = torch.chunk(gates, 4, dim=1)
        i = self.recurrent_activation(z[0])
        f = self.recurrent_activation(z[1])
        c = f * c_tm1 + i * self.activation(z[2])
        o = self.recurrent_activation(z[3])
        h = o * self.activation(c)
        return h, [h, c]

    def get_initial_state(self, batch_size=None):
        return [torch.zeros((batch_size, self.units), dtype=self._compute_torch_dtype, device=_device(self))
                for _ in range(2)]

    def get_config(self):
        return {
            **super().get_config(),
            "units": self.units,
            **_cell_utils.common_config(self),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "unit_forget_bias": self.unit_forget_bias,
            "seed": self.seed,
        }
