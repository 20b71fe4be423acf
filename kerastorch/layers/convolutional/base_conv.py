"""`BaseConv`: the N-D convolution shared by `Conv1D`, `Conv2D` and `Conv3D`."""

from kerastorch import activations
from kerastorch import constraints
from kerastorch import initializers
from kerastorch import regularizers
from kerastorch.backend.config import standardize_data_format
from kerastorch.layers.convolutional import _conv_utils as utils
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer


class BaseConv(Layer):
    """Abstract N-D convolution layer: `activation(conv(inputs, kernel) + bias)`.

    The kernel is cross-correlated with the input (as in every deep learning framework). Subclasses fix `rank`.

    Args:
        rank: The number of spatial dimensions (1, 2 or 3).
        filters: Positive int, the number of output channels.
        kernel_size: Int or tuple of `rank` ints, the size of the convolution window.
        strides: Int or tuple of `rank` ints, the stride of the window. Strides above 1 cannot be combined with
            a dilation rate above 1.
        padding: `"valid"` (no padding) or `"same"` (pad so that the output size is `ceil(input / stride)`; an
            odd amount of padding puts the extra pixel at the end). Conv1D also accepts `"causal"`.
        data_format: `"channels_last"` (`(batch, *spatial, channels)`) or `"channels_first"`; None means
            `keras.config.image_data_format()`.
        dilation_rate: Int or tuple of `rank` ints, the dilation of the window.
        groups: Positive int; input channels and filters are split in `groups` groups convolved separately.
        activation: Activation name or function; None means linear.
        use_bias: Whether to add a bias vector.
        kernel_initializer, bias_initializer: Initializers (default `"glorot_uniform"`, `"zeros"`).
        kernel_regularizer, bias_regularizer, activity_regularizer: Optional regularizers.
        kernel_constraint, bias_constraint: Optional constraints.

    Weights:
        `kernel` of shape `kernel_size + (input_channels // groups, filters)` (Keras's layout; it is viewed as
        torch's `(filters, in, *kernel_size)` inside `call`, never copied), then `bias` `(filters,)`.
    """

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
                 groups=1, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, lora_rank=None, lora_alpha=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if lora_rank is not None:
            raise ValueError(
                f"Layer '{self.name}': LoRA is not supported by kerastorch. Received: lora_rank={lora_rank}"
            )
        self.rank = rank
        if isinstance(filters, bool) or not isinstance(filters, int) or filters <= 0:
            raise ValueError(
                f"Layer '{self.name}': `filters` must be a positive int. Received: filters={filters}"
            )
        if isinstance(groups, bool) or not isinstance(groups, int) or groups <= 0:
            raise ValueError(f"Layer '{self.name}': `groups` must be a positive int. Received: groups={groups}")
        if filters % groups:
            raise ValueError(
                f"Layer '{self.name}': `filters` must be divisible by `groups`. Received: filters={filters}, "
                f"groups={groups}"
            )
        self.filters = filters
        self.groups = groups
        self.kernel_size = utils.standardize_tuple(kernel_size, rank, "kernel_size", self.name)
        self.strides = utils.standardize_tuple(strides, rank, "strides", self.name)
        self.dilation_rate = utils.standardize_tuple(dilation_rate, rank, "dilation_rate", self.name)
        self.padding = utils.standardize_padding(padding, self.name, allow_causal=rank == 1)
        self.data_format = standardize_data_format(data_format)
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                f"Layer '{self.name}': `strides > 1` cannot be combined with `dilation_rate > 1`. "
                f"Received: strides={self.strides}, dilation_rate={self.dilation_rate}"
            )
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=rank + 2)
        self._channels_last = self.data_format == "channels_last"
        self.bias = None

    def _input_channels(self, input_shape):
        channels = input_shape[-1] if self._channels_last else input_shape[1]
        if channels is None:
            raise ValueError(
                f"Layer '{self.name}' needs the channel axis of its input to be known. "
                f"Received: input_shape={tuple(input_shape)}"
            )
        return channels

    def build(self, input_shape):
        channels = self._input_channels(input_shape)
        if channels % self.groups:
            raise ValueError(
                f"Layer '{self.name}': the number of input channels ({channels}) must be divisible by `groups`. "
                f"Received: groups={self.groups}, input_shape={tuple(input_shape)}"
            )
        self.compute_output_shape(input_shape)  # raises on an empty output
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={-1 if self._channels_last else 1: channels})
        self.kernel = self.add_weight(name="kernel", shape=self.kernel_size + (channels // self.groups, self.filters),
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight(name="bias", shape=(self.filters,), initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def _padding_for(self, inputs):
        return self.padding

    def call(self, inputs):
        outputs = utils.convolve(inputs, self.kernel, self.bias, self.strides, self._padding_for(inputs),
                                 self.dilation_rate, self.groups, self._channels_last, self.rank)
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
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "groups": self.groups,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }

    def extra_repr(self):
        return f"name={self.name!r}, filters={self.filters}, kernel_size={self.kernel_size}"
