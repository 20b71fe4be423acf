"""`SeparableConv2D`: 2D depthwise-separable convolution."""

from kerastorch.layers.convolutional.base_separable_conv import BaseSeparableConv


class SeparableConv2D(BaseSeparableConv):
    """2D separable convolution layer: a depthwise convolution (each channel on its own) followed by a
    pointwise convolution that mixes the channels, with far fewer weights than a full `Conv2D`.

    Args:
        filters: Positive int, the number of output channels.
        kernel_size: Int or tuple of 2 int(s), the size of the depthwise window.
        strides: Int or tuple of 2 int(s), the stride of the depthwise window.
        padding: `"valid"` or `"same"`.
        data_format: `"channels_last"` or `"channels_first"`; None means `keras.config.image_data_format()`.
        dilation_rate: Int or tuple of 2 int(s), the dilation of the depthwise window.
        depth_multiplier: Positive int, the depthwise output channels per input channel.
        activation: Activation name or function; None means linear.
        use_bias: Whether to add a bias vector.
        depthwise_initializer, pointwise_initializer, bias_initializer: Initializers.
        depthwise_regularizer, pointwise_regularizer, bias_regularizer, activity_regularizer: Regularizers.
        depthwise_constraint, pointwise_constraint, bias_constraint: Optional constraints.

    Input shape:
        `(batch_size, height, width, channels)` (channels_last), channels second for channels_first.

    Output shape:
        `(batch_size, new_height, new_width, filters)` (channels_last).

    Weights:
        `depthwise_kernel`, `pointwise_kernel`, then `bias` (see `BaseSeparableConv`).
    """

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1),
                 depth_multiplier=1, activation=None, use_bias=True, depthwise_initializer="glorot_uniform",
                 pointwise_initializer="glorot_uniform", bias_initializer="zeros", depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(rank=2, depth_multiplier=depth_multiplier, filters=filters, kernel_size=kernel_size,
                         strides=strides, padding=padding, data_format=data_format, dilation_rate=dilation_rate,
                         activation=activation, use_bias=use_bias, depthwise_initializer=depthwise_initializer,
                         pointwise_initializer=pointwise_initializer, bias_initializer=bias_initializer,
                         depthwise_regularizer=depthwise_regularizer, pointwise_regularizer=pointwise_regularizer,
                         bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                         depthwise_constraint=depthwise_constraint, pointwise_constraint=pointwise_constraint,
                         bias_constraint=bias_constraint, **kwargs)
