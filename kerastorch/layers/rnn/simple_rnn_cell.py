"""`SimpleRNNCell`: one step of a fully-connected RNN, `h = activation(x @ kernel + h_prev @ recurrent_kernel + b)`."""

import torch

from kerastorch.layers.layer import Layer
from kerastorch.layers.rnn import _cell_utils
from kerastorch.layers.rnn.dropout_rnn_cell import DropoutRNNCell


class SimpleRNNCell(Layer, DropoutRNNCell):
    """Cell class for `SimpleRNN`: processes one timestep; `keras.layers.RNN(cell)` runs it over a sequence.

    Args:
        units: Positive int, the size of the output and of the state.
        activation: Activation (default `"tanh"`); None means linear.
        use_bias: Whether to add a bias vector.
        kernel_initializer: Initializer of `kernel` (default `"glorot_uniform"`).
        recurrent_initializer: Initializer of `recurrent_kernel` (default `"orthogonal"`).
        bias_initializer: Initializer of `bias` (default `"zeros"`).
        kernel_regularizer, recurrent_regularizer, bias_regularizer: Optional regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: Optional constraints.
        dropout: Float in [0, 1], the fraction of the inputs dropped in training.
        recurrent_dropout: Float in [0, 1], the fraction of the previous state dropped in training.
        seed: Integer seed of the dropout masks.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        sequence: `(batch, features)`, the inputs of one timestep.
        states: The previous state, `(batch, units)`, or a list holding it.
        training: Whether dropout applies.

    Weights:
        `kernel` `(features, units)`, `recurrent_kernel` `(units, units)`, `bias` `(units,)`.

    Example:

    ```python
    layer = keras.layers.RNN(keras.layers.SimpleRNNCell(4), return_sequences=True)
    outputs = layer(np.zeros((32, 10, 8), "float32"))  # (32, 10, 4)
    ```
    """

    def __init__(self, units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        _cell_utils.check_units(self.name, units)
        self.units = units
        _cell_utils.init_common(self, activation, use_bias, kernel_initializer, recurrent_initializer,
                                bias_initializer, kernel_regularizer, recurrent_regularizer, bias_regularizer,
                                kernel_constraint, recurrent_constraint, bias_constraint, dropout, recurrent_dropout,
                                seed, seed_generator_first=True)
        self.state_size = units
        self.output_size = units
        self.bias = None

    def build(self, input_shape):
        _cell_utils.add_kernels(self, input_shape[-1], self.units)
        if self.use_bias:
            self.bias = self.add_weight(shape=(self.units,), name="bias", initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def call(self, sequence, states, training=False):
        prev_output = states[0] if isinstance(states, (list, tuple)) else states
        dp_mask = self.get_dropout_mask(sequence)
        rec_dp_mask = self.get_recurrent_dropout_mask(prev_output)
        if training and dp_mask is not None:
            sequence = sequence * dp_mask
        h = torch.matmul(sequence, self.kernel)
        if self.bias is not None:
            h = h + self.bias
        if training and rec_dp_mask is not None:
            prev_output = prev_output * rec_dp_mask
        output = h + torch.matmul(prev_output, self.recurrent_kernel)
        if self.activation is not None:
            output = self.activation(output)
        return output, ([output] if isinstance(states, (list, tuple)) else output)

    def get_initial_state(self, batch_size=None):
        return [torch.zeros((batch_size, self.units), dtype=self._compute_torch_dtype, device=_device(self))]

    def get_config(self):
        return {**super().get_config(), "units": self.units, **_cell_utils.common_config(self), "seed": self.seed}


def _device(layer):
    for weight in layer.parameters():
        return weight.device
    return None
