"""`Conv1D`: temporal convolution, with Keras's `"causal"` padding."""

from kerastorch.layers.convolutional.base_conv import BaseConv


class Conv1D(BaseConv):
    """1D convolution layer (e.g. temporal convolution).

    Convolves a kernel over one spatial (time) axis, adds a bias and applies the activation.

    Args:
        filters: Positive int, the number of output channels.
        kernel_size: Int or tuple of 1 int, the length of the convolution window.
        strides: Int or tuple of 1 int, the stride of the window.
        padding: `"valid"`, `"same"` or `"causal"` (left padding only, so that `output[t]` depends on
            `input[:t + 1]`, as in WaveNet).
        data_format: `"channels_last"` (`(batch, steps, channels)`) or `"channels_first"`; None means
            `keras.config.image_data_format()`.
        dilation_rate: Int or tuple of 1 int, the dilation of the window.
        groups: Positive int; channels are split in `groups` groups convolved separately.
        activation: Activation name or function; None means linear.
        use_bias: Whether to add a bias vector.
        kernel_initializer, bias_initializer: Initializers.
        kernel_regularizer, bias_regularizer, activity_regularizer: Optional regularizers.
        kernel_constraint, bias_constraint: Optional constraints.

    Input shape:
        `(batch_size, steps, channels)` (channels_last) or `(batch_size, channels, steps)`.

    Output shape:
        `(batch_size, new_steps, filters)` (channels_last) or `(batch_size, filters, new_steps)`.

    Example:

    >>> x = np.random.rand(4, 10, 128).astype("float32")
    >>> keras.layers.Conv1D(32, 3, activation="relu")(x).shape
    torch.Size([4, 8, 32])
    """

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
                 groups=1, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(rank=1, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate, groups=groups, activation=activation,
                         use_bias=use_bias, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                         kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                         bias_constraint=bias_constraint, **kwargs)

    def _padding_for(self, inputs):
        if self.padding == "causal":
            return [(self.dilation_rate[0] * (self.kernel_size[0] - 1), 0)]
        return self.padding
