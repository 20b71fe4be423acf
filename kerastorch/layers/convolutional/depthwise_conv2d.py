"""`DepthwiseConv2D`: 2D depthwise convolution."""

from kerastorch.layers.convolutional.base_depthwise_conv import BaseDepthwiseConv


class DepthwiseConv2D(BaseDepthwiseConv):
    """2D depthwise convolution layer: every input channel is convolved with its own `depth_multiplier`
    filters (no mixing between channels), the outputs concatenated along the channel axis.

    Args:
        kernel_size: Int or tuple of 2 int(s), the size of the window.
        strides: Int or tuple of 2 int(s), the stride of the window.
        padding: `"valid"` or `"same"`.
        depth_multiplier: Positive int, the number of output channels per input channel.
        data_format: `"channels_last"` or `"channels_first"`; None means `keras.config.image_data_format()`.
        dilation_rate: Int or tuple of 2 int(s), the dilation of the window.
        activation: Activation name or function; None means linear.
        use_bias: Whether to add a bias vector.
        depthwise_initializer, bias_initializer: Initializers.
        depthwise_regularizer, bias_regularizer, activity_regularizer: Optional regularizers.
        depthwise_constraint, bias_constraint: Optional constraints.

    Input shape:
        `(batch_size, height, width, channels)` (channels_last), channels second for channels_first.

    Output shape:
        `(batch_size, new_height, new_width, channels * depth_multiplier)` (channels_last).

    Weights:
        `kernel` `kernel_size + (channels, depth_multiplier)`, then `bias` `(channels * depth_multiplier,)`.
    """

    def __init__(self, kernel_size, strides=(1, 1), padding="valid", depth_multiplier=1, data_format=None,
                 dilation_rate=(1, 1), activation=None, use_bias=True, depthwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(rank=2, depth_multiplier=depth_multiplier, kernel_size=kernel_size, strides=strides,
                         padding=padding, data_format=data_format, dilation_rate=dilation_rate,
                         activation=activation, use_bias=use_bias, depthwise_initializer=depthwise_initializer,
                         bias_initializer=bias_initializer, depthwise_regularizer=depthwise_regularizer,
                         bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                         depthwise_constraint=depthwise_constraint, bias_constraint=bias_constraint, **kwargs)
