"""`Conv3DTranspose`: 3D transposed convolution."""

from kerastorch.layers.convolutional.base_conv_transpose import BaseConvTranspose


class Conv3DTranspose(BaseConvTranspose):
    """3D transposed convolution layer: maps a `Conv3D`'s output shape back to its input shape, with
    learned weights (e.g. the upsampling half of an autoencoder or a segmentation network).

    Args:
        filters: Positive int, the number of output channels.
        kernel_size: Int or tuple of 3 int(s), the size of the window.
        strides: Int or tuple of 3 int(s), the upsampling factor of each spatial axis.
        padding: `"valid"` or `"same"`.
        output_padding: None or an int or tuple of 3 int(s), the extra size added at the end of each spatial
            axis (each smaller than its stride); None infers it.
        data_format: `"channels_last"` or `"channels_first"`; None means `keras.config.image_data_format()`.
        dilation_rate: Int or tuple of 3 int(s), the dilation of the window.
        activation: Activation name or function; None means linear.
        use_bias: Whether to add a bias vector.
        kernel_initializer, bias_initializer: Initializers.
        kernel_regularizer, bias_regularizer, activity_regularizer: Optional regularizers.
        kernel_constraint, bias_constraint: Optional constraints.

    Input shape:
        `(batch_size, dim1, dim2, dim3, channels)` (channels_last), channels second for channels_first.

    Output shape:
        `(batch_size, new_dim1, new_dim2, new_dim3, filters)` (channels_last), the sizes given in `BaseConvTranspose`.

    Weights:
        `kernel` of shape `kernel_size + (filters, input_channels)`, then `bias` `(filters,)`.
    """

    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding="valid", data_format=None, output_padding=None,
                 dilation_rate=(1, 1, 1), activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(rank=3, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
                         output_padding=output_padding, data_format=data_format, dilation_rate=dilation_rate,
                         activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                         bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                         bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                         kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, **kwargs)
