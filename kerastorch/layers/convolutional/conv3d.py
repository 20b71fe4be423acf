"""`Conv3D`: spatial convolution over volumes."""

from kerastorch.layers.convolutional.base_conv import BaseConv


class Conv3D(BaseConv):
    """3D convolution layer (spatial convolution over volumes).

    Convolves a kernel over the depth, height, width axes, adds a bias and applies the activation.

    Args:
        filters: Positive int, the number of output channels.
        kernel_size: Int or tuple of 3 ints, the size of the convolution window.
        strides: Int or tuple of 3 ints, the stride of the window.
        padding: `"valid"` or `"same"` (output size `ceil(input / stride)`; an odd amount of padding puts the
            extra pixel at the end).
        data_format: `"channels_last"` or `"channels_first"`; None means `keras.config.image_data_format()`.
        dilation_rate: Int or tuple of 3 ints, the dilation of the window.
        groups: Positive int; channels are split in `groups` groups convolved separately.
        activation: Activation name or function; None means linear.
        use_bias: Whether to add a bias vector.
        kernel_initializer, bias_initializer: Initializers.
        kernel_regularizer, bias_regularizer, activity_regularizer: Optional regularizers.
        kernel_constraint, bias_constraint: Optional constraints.

    Input shape:
        `(batch_size, dim1, dim2, dim3, channels)` (channels_last) or `(batch_size, channels, dim1, dim2, dim3)`.

    Output shape:
        `(batch_size, new_dim1, new_dim2, new_dim3, filters)` (channels_last) or
        `(batch_size, filters, new_dim1, new_dim2, new_dim3)`.

    Example:

    >>> x = np.random.rand(4, 10, 10, 10, 128).astype("float32")
    >>> keras.layers.Conv3D(32, 3, activation="relu")(x).shape
    torch.Size([4, 8, 8, 8, 32])
    """

    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1, 1), groups=1, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(rank=3, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate, groups=groups, activation=activation,
                         use_bias=use_bias, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                         kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                         bias_constraint=bias_constraint, **kwargs)
