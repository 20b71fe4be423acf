"""`BaseConvTranspose`: the N-D transposed convolution shared by `Conv1DTranspose`, `Conv2DTranspose` and
`Conv3DTranspose`."""

from kerastorch import activations
from kerastorch import constraints
from kerastorch import initializers
from kerastorch import regularizers
from kerastorch.backend.config import standardize_data_format
from kerastorch.layers.convolutional import _conv_utils as utils
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer


class BaseConvTranspose(Layer):
    """Abstract N-D transposed convolution ("deconvolution"): the gradient of a convolution with respect to its
    input, used to go from a convolution's output shape back to its input shape.

    Args:
        rank: The number of spatial dimensions (1, 2 or 3).
        filters: Positive int, the number of output channels.
        kernel_size: Int or tuple of `rank` ints, the size of the window.
        strides: Int or tuple of `rank` ints, the upsampling factor of each axis.
        padding: `"valid"` or `"same"` (output size `input * strides` when `output_padding` is None).
        output_padding: None (inferred) or an int or tuple of `rank` ints, the extra size added at the end of
            each axis; each must be smaller than the stride.
        data_format: `"channels_last"` or `"channels_first"`; None means `keras.config.image_data_format()`.
        dilation_rate: Int or tuple of `rank` ints, the dilation of the window.
        activation: Activation name or function; None means linear.
        use_bias: Whether to add a bias vector.
        kernel_initializer, bias_initializer: Initializers (default `"glorot_uniform"`, `"zeros"`).
        kernel_regularizer, bias_regularizer, activity_regularizer: Optional regularizers.
        kernel_constraint, bias_constraint: Optional constraints.

    Output size of each spatial axis (Keras's rule), with `window = (kernel_size - 1) * dilation_rate + 1`:
        - `"valid"`: `(input - 1) * strides + window + output_padding`, where a None `output_padding` means
          `max(window, strides) - window`;
        - `"same"`: `input * strides` when `output_padding` is None, else
          `(input - 1) * strides + window % 2 + output_padding`.

    Weights:
        `kernel` of shape `kernel_size + (filters, input_channels)` (Keras's layout), then `bias` `(filters,)`.
    """

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", output_padding=None,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        if isinstance(filters, bool) or not isinstance(filters, int) or filters <= 0:
            raise ValueError(
                f"Layer '{self.name}': `filters` must be a positive int. Received: filters={filters}"
            )
        self.filters = filters
        self.kernel_size = utils.standardize_tuple(kernel_size, rank, "kernel_size", self.name)
        self.strides = utils.standardize_tuple(strides, rank, "strides", self.name)
        self.dilation_rate = utils.standardize_tuple(dilation_rate, rank, "dilation_rate", self.name)
        self.padding = utils.standardize_padding(padding, self.name)
        if output_padding is None:
            self.output_padding = None
        else:
            self.output_padding = utils.standardize_tuple(output_padding, rank, "output_padding", self.name,
                                                          allow_zero=True)
            if any(extra >= stride for extra, stride in zip(self.output_padding, self.strides)):
                raise ValueError(
                    f"Layer '{self.name}': every value of `output_padding` must be smaller than the matching "
                    f"stride. Received: output_padding={self.output_padding}, strides={self.strides}"
                )
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                f"Layer '{self.name}': `strides > 1` cannot be combined with `dilation_rate > 1`. "
                f"Received: strides={self.strides}, dilation_rate={self.dilation_rate}"
            )
        self.data_format = standardize_data_format(data_format)
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

    def build(self, input_shape):
        channels = input_shape[-1] if self._channels_last else input_shape[1]
        if channels is None:
            raise ValueError(
                f"Layer '{self.name}' needs the channel axis of its input to be known. "
                f"Received: input_shape={tuple(input_shape)}"
            )
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={-1 if self._channels_last else 1: channels})
        self.kernel = self.add_weight(name="kernel", shape=self.kernel_size + (self.filters, channels),
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight(name="bias", shape=(self.filters,), initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs):
        outputs = utils.convolve_transpose(inputs, self.kernel, self.bias, self.strides, self.padding,
                                           self.output_padding, self.dilation_rate, self._channels_last, self.rank)
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        if len(input_shape) != self.rank + 2:
            raise ValueError(
                f"Layer '{self.name}' expects inputs of rank {self.rank + 2}. "
                f"Received: input_shape={tuple(input_shape)}"
            )
        extras = self.output_padding or (None,) * self.rank
        spatial = tuple(
            utils.transpose_output_length(n, k, s, self.padding, extra, d)
            for n, k, s, extra, d in zip(utils.spatial_shape(input_shape, self.data_format), self.kernel_size,
                                         self.strides, extras, self.dilation_rate)
        )
        return utils.with_spatial_shape(input_shape, spatial, self.filters, self.data_format)

    def get_config(self):
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "output_padding": self.output_padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
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
