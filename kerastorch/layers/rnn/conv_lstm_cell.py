"""`ConvLSTMCell`: one step of a convolutional LSTM (Shi et al., 2015), the cell of `ConvLSTM1D/2D/3D`."""

import torch

from kerastorch import activations
from kerastorch import initializers
from kerastorch.backend.config import standardize_data_format
from kerastorch.layers.convolutional import _conv_utils as conv_utils
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer
from kerastorch.layers.rnn import _cell_utils
from kerastorch.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from kerastorch.layers.rnn.simple_rnn_cell import _device


class ConvLSTMCell(Layer, DropoutRNNCell):
    """Cell class of the ConvLSTM layers: an LSTM step whose input and recurrent transforms are convolutions.

    The gates are packed in the order input, forget, cell, output (`i, f, c, o`) along the last axis of every
    weight. The input transform is a convolution with the cell's `strides`, `padding` and `dilation_rate`; the
    recurrent transform is a stride-1, `"same"`-padded, undilated convolution of the previous output. All four
    gates run as one convolution (a grouped one when dropout gives each gate its own masked input).

    Args:
        rank: 1, 2 or 3, the number of spatial dimensions.
        filters: Positive int, the number of output channels (of the output and of each state).
        kernel_size: Int or tuple of `rank` ints, the convolution window of both transforms.
        strides: Int or tuple of `rank` ints, the strides of the input convolution. Strides above 1 cannot be
            combined with a dilation rate above 1.
        padding: `"valid"` or `"same"` (case-insensitive), the padding of the input convolution.
        data_format: `"channels_last"` (`(batch, *spatial, channels)` per step) or `"channels_first"`; None means
            `keras.config.image_data_format()`.
        dilation_rate: Int or tuple of `rank` ints, the dilation of the input convolution.
        activation: Activation of the cell and output (default `"tanh"`).
        recurrent_activation: Activation of the gates (default `"sigmoid"`).
        use_bias: Whether to add a bias vector.
        kernel_initializer: Initializer of `kernel` (default `"glorot_uniform"`).
        recurrent_initializer: Initializer of `recurrent_kernel` (default `"orthogonal"`).
        bias_initializer: Initializer of `bias` (default `"zeros"`).
        unit_forget_bias: If True, the forget gate's bias starts at 1 (the others from `bias_initializer`).
        kernel_regularizer, recurrent_regularizer, bias_regularizer: Optional regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: Optional constraints.
        dropout: Float in [0, 1], the fraction of the inputs dropped in training (one mask per gate).
        recurrent_dropout: Float in [0, 1], the fraction of the previous output dropped in training.
        seed: Integer seed of the dropout masks.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        inputs: The inputs of one timestep, `(batch, *spatial, channels)` (or channels first).
        states: `[h, c]`, the previous output and carry, each shaped as the output.
        training: Whether dropout applies.

    Weights:
        `kernel` `kernel_size + (channels, 4 * filters)`, `recurrent_kernel` `kernel_size + (filters,
        4 * filters)`, `bias` `(4 * filters,)`.
    """

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
                 activation="tanh", recurrent_activation="sigmoid", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", unit_forget_bias=True,
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        super().__init__(**kwargs)
        if rank not in (1, 2, 3):
            raise ValueError(
                f"Layer '{self.name}': ConvLSTM supports 1, 2 or 3 spatial dimensions. Received: rank={rank!r}"
            )
        _cell_utils.check_units(self.name, filters, arg="filters")
        self.rank = rank
        self.filters = filters
        self.kernel_size = conv_utils.standardize_tuple(kernel_size, rank, "kernel_size", self.name)
        self.strides = conv_utils.standardize_tuple(strides, rank, "strides", self.name)
        self.padding = conv_utils.standardize_padding(padding, self.name)
        self.data_format = standardize_data_format(data_format)
        self.dilation_rate = conv_utils.standardize_tuple(dilation_rate, rank, "dilation_rate", self.name)
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                f"Layer '{self.name}': `strides > 1` cannot be combined with `dilation_rate > 1`. "
                f"Received: strides={self.strides}, dilation_rate={self.dilation_rate}"
            )
        _cell_utils.init_common(self, activation, use_bias, kernel_initializer, recurrent_initializer,
                                bias_initializer, kernel_regularizer, recurrent_regularizer, bias_regularizer,
                                kernel_constraint, recurrent_constraint, bias_constraint, dropout, recurrent_dropout,
                                seed, seed_generator_first=True)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = unit_forget_bias
        self.dropout_mask_count = 4
        self.input_spec = InputSpec(ndim=rank + 2)
        self.state_size = -1  # as Keras: the state shapes depend on the input; `get_initial_state` builds them
        self._channels_last = self.data_format == "channels_last"
        self.spatial_dims = None
        self.input_dim = None
        self.bias = None

    def build(self, inputs_shape, states_shape=None):
        inputs_shape = tuple(inputs_shape)
        if len(inputs_shape) != self.rank + 2:
            raise ValueError(
                f"Layer '{self.name}' expects step inputs of rank {self.rank + 2} (batch, spatial dimensions and "
                f"channels). Received: inputs_shape={inputs_shape}"
            )
        spatial = conv_utils.spatial_shape(inputs_shape, self.data_format)
        channels = inputs_shape[-1] if self._channels_last else inputs_shape[1]
        if None in spatial:
            raise ValueError(
                f"Layer '{self.name}': ConvLSTM layers need static spatial dimensions. "
                f"Received: inputs_shape={inputs_shape}"
            )
        if channels is None:
            raise ValueError(
                f"Layer '{self.name}' needs the channel axis of its input to be known. "
                f"Received: inputs_shape={inputs_shape}"
            )
        self.spatial_dims = spatial
        self.input_dim = channels
        self.compute_output_shape(inputs_shape)  # raises on an empty output
        self.input_spec = InputSpec(ndim=self.rank + 2, shape=(None,) + inputs_shape[1:])
        width = 4 * self.filters
        self.kernel = self.add_weight(shape=self.kernel_size + (channels, width), name="kernel",
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(shape=self.kernel_size + (self.filters, width),
                                                name="recurrent_kernel", initializer=self.recurrent_initializer,
                                                regularizer=self.recurrent_regularizer,
                                                constraint=self.recurrent_constraint)
        if self.use_bias:
            initializer = self.bias_initializer
            if self.unit_forget_bias:
                filters, base = self.filters, self.bias_initializer
                ones = initializers.get("ones")

                def initializer(shape, dtype=None):
                    parts = [base((filters,), dtype=dtype), ones((filters,), dtype=dtype),
                             base((2 * filters,), dtype=dtype)]
                    return torch.cat([torch.as_tensor(p) for p in parts])

            self.bias = self.add_weight(shape=(width,), name="bias", initializer=initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs, states, training=False):
        h_tm1, c_tm1 = states[0], states[1]
        input_masks = self.get_dropout_mask(inputs) if training and 0.0 < self.dropout < 1.0 else None
        recurrent_masks = (self.get_recurrent_dropout_mask(h_tm1)
                           if training and 0.0 < self.recurrent_dropout < 1.0 else None)
        x = self._conv(inputs, input_masks, self.kernel, self.bias, self.strides, self.padding, self.dilation_rate)
        ones = (1,) * self.rank
        h = self._conv(h_tm1, recurrent_masks, self.recurrent_kernel, None, ones, "same", ones)
        z = torch.chunk(x + h, 4, dim=-1 if self._channels_last else 1)
        i = self.recurrent_activation(z[0])
        f = self.recurrent_activation(z[1])
        c = f * c_tm1 + i * self.activation(z[2])
        o = self.recurrent_activation(z[3])
        h = o * self.activation(c)
        return h, [h, c]

    def _conv(self, x, masks, kernel, bias, strides, padding, dilation):
        groups = 1
        if masks is not None:
            # One masked copy of the input per gate, convolved by that gate's quarter of the kernel: a grouped
            # convolution over the copies stacked on the channel axis is exactly the four per-gate convolutions.
            x = torch.cat([x * mask for mask in masks], dim=-1 if self._channels_last else 1)
            groups = 4
        return conv_utils.convolve(x, kernel, bias, strides, padding, dilation, groups, self._channels_last,
                                   self.rank)

    def compute_output_shape(self, inputs_shape, states_shape=None):
        spatial = tuple(
            conv_utils.conv_output_length(n, k, s, self.padding, d)
            for n, k, s, d in zip(conv_utils.spatial_shape(inputs_shape, self.data_format), self.kernel_size,
                                  self.strides, self.dilation_rate)
        )
        if any(n is not None and n <= 0 for n in spatial):
            raise ValueError(
                f"Layer '{self.name}': the output would be empty (spatial shape {spatial}) for this kernel size, "
                f"strides and dilation. Received: inputs_shape={tuple(inputs_shape)}"
            )
        shape = conv_utils.with_spatial_shape(tuple(inputs_shape), spatial, self.filters, self.data_format)
        return shape, [shape, shape]

    def get_initial_state(self, batch_size=None):
        if self.spatial_dims is None:
            raise ValueError(
                f"Layer '{self.name}' must be built before it can make its initial state (the state shape depends "
                f"on the input shape). Received: batch_size={batch_size}"
            )
        inputs_shape = conv_utils.with_spatial_shape((batch_size,), self.spatial_dims, self.input_dim,
                                                     self.data_format)
        shape = self.compute_output_shape(inputs_shape)[0]
        return [torch.zeros(shape, dtype=self._compute_torch_dtype, device=_device(self)) for _ in range(2)]

    def get_config(self):
        return {
            **super().get_config(),
            "rank": self.rank,  # Keras leaves it out, so its cell config cannot be revived
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            **_cell_utils.common_config(self),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "unit_forget_bias": self.unit_forget_bias,
            "seed": self.seed,
        }

    def extra_repr(self):
        return f"name={self.name!r}, rank={self.rank}, filters={self.filters}, kernel_size={self.kernel_size}"
