"""`BaseSeparableConv`: the N-D depthwise-separable convolution shared by `SeparableConv1D` and
`SeparableConv2D`."""

from kerastorch import activations
from kerastorch import constraints
from kerastorch import initializers
from kerastorch import regularizers
from kerastorch.backend.config import standardize_data_format
from kerastorch.layers.convolutional import _conv_utils as utils
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer


class BaseSeparableConv(Layer):
    """Abstract N-D separable convolution: a depthwise convolution (each input channel convolved with its own
    `depth_multiplier` filters) followed by a pointwise (1x1) convolution mixing the channels into `filters`.

    Args:
        rank: The number of spatial dimensions (1 or 2).
        depth_multiplier: Positive int, the depthwise output channels per input channel.
        filters: Positive int, the number of output channels.
        kernel_size: Int or tuple of `rank` ints, the size of the depthwise window.
        strides: Int or tuple of `rank` ints, the stride of the depthwise window.
        padding: `"valid"` or `"same"`.
        data_format: `"channels_last"` or `"channels_first"`; None means `keras.config.image_data_format()`.
        dilation_rate: Int or tuple of `rank` ints, the dilation of the depthwise window.
        activation: Activation name or function; None means linear.
        use_bias: Whether to add a bias vector.
        depthwise_initializer, pointwise_initializer, bias_initializer: Initializers.
        depthwise_regularizer, pointwise_regularizer, bias_regularizer, activity_regularizer: Regularizers.
        depthwise_constraint, pointwise_constraint, bias_constraint: Optional constraints.

    Weights:
        `depthwise_kernel` `kernel_size + (input_channels, depth_multiplier)`, `pointwise_kernel`
        `(1,) * rank + (input_channels * depth_multiplier, filters)`, then `bias` `(filters,)`.
    """

    def __init__(self, rank, depth_multiplier, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, activation=None, use_bias=True, depthwise_initializer="glorot_uniform",
                 pointwise_initializer="glorot_uniform", bias_initializer="zeros", depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        if isinstance(depth_multiplier, bool) or not isinstance(depth_multiplier, int) or depth_multiplier <= 0:
            raise ValueError(
                f"Layer '{self.name}': `depth_multiplier` must be a positive int. "
                f"Received: depth_multiplier={depth_multiplier}"
            )
        if isinstance(filters, bool) or not isinstance(filters, int) or filters <= 0:
            raise ValueError(
                f"Layer '{self.name}': `filters` must be a positive int. Received: filters={filters}"
            )
        self.depth_multiplier = depth_multiplier
        self.filters = filters
        self.kernel_size = utils.standardize_tuple(kernel_size, rank, "kernel_size", self.name)
        self.strides = utils.standardize_tuple(strides, rank, "strides", self.name)
        self.dilation_rate = utils.standardize_tuple(dilation_rate, rank, "dilation_rate", self.name)
        self.padding = utils.standardize_padding(padding, self.name)
        self.data_format = standardize_data_format(data_format)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.pointwise_constraint = constraints.get(pointwise_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=rank + 2)
        self._channels_last = self.data_format == "channels_last"
        self.bias = None

    def build(self, input_shape):
        channels = input_shape[-1] if self._channels_last else input_shape[1]
        if channels is None:
            raise ValueError(
                f"Layer '{self.name}' needs the channel axis of its input to be known. "
                f"Received: input_shape={tuple(input_shape)}"
            )
        self.compute_output_shape(input_shape)  # raises on an empty output
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={-1 if self._channels_last else 1: channels})
        self.depthwise_kernel = self.add_weight(
            name="depthwise_kernel", shape=self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint,
        )
        self.pointwise_kernel = self.add_weight(
            name="pointwise_kernel", shape=(1,) * self.rank + (channels * self.depth_multiplier, self.filters),
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint,
        )
        if self.use_bias:
            self.bias = self.add_weight(name="bias", shape=(self.filters,), initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs):
        channels = self.depthwise_kernel.shape[-2]
        depthwise = self.depthwise_kernel.reshape(self.kernel_size + (1, channels * self.depth_multiplier))
        outputs = utils.convolve(inputs, depthwise, None, self.strides, self.padding, self.dilation_rate, channels,
                                 self._channels_last, self.rank)
        ones = (1,) * self.rank
        outputs = utils.convolve(outputs, self.pointwise_kernel, self.bias, ones, "valid", ones, 1,
                                 self._channels_last, self.rank)
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        if len(input_shape) != self.rank + 2:
            raise ValueError(
                f"Layer '{self.name}' expects inputs of rank {self.rank + 2}. "
                f"Received: input_shape={tuple(input_shape)}"
            )
        spatial = tuple(
            utils.conv_output_length(n, k, s, self.padding, d)
            for n, k, s, d in zip(utils.spatial_shape(input_shape, self.data_format), self.kernel_size, self.strides,
                                  self.dilation_rate)
        )
        if any(n is not None and n <= 0 for n in spatial):
            raise ValueError(
                f"Layer '{self.name}': the output would be empty (spatial shape {spatial}) for this kernel size, "
                f"strides and dilation. Received: input_shape={tuple(input_shape)}"
            )
        return utils.with_spatial_shape(input_shape, spatial, self.filters, self.data_format)

    def get_config(self):
        return {
            **super().get_config(),
            "depth_multiplier": self.depth_multiplier,
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "depthwise_initializer": initializers.serialize(self.depthwise_initializer),
            "pointwise_initializer": initializers.serialize(self.pointwise_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "depthwise_regularizer": regularizers.serialize(self.depthwise_regularizer),
            "pointwise_regularizer": regularizers.serialize(self.pointwise_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "depthwise_constraint": constraints.serialize(self.depthwise_constraint),
            "pointwise_constraint": constraints.serialize(self.pointwise_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }

    def extra_repr(self):
        return f"name={self.name!r}, filters={self.filters}, kernel_size={self.kernel_size}"
