"""`BaseGlobalPooling`: pooling over every spatial axis, shared by the `Global*Pooling{1,2,3}D` layers."""

from kerastorch.backend.config import standardize_data_format
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer


class BaseGlobalPooling(Layer):
    """Abstract global pooling: reduces all spatial axes to one value per channel.

    Args:
        pool_dimensions: The number of spatial dimensions (1, 2 or 3).
        data_format: `"channels_last"` or `"channels_first"`; None means `keras.config.image_data_format()`.
        keepdims: Whether to keep the spatial axes (with size 1).
    """

    def __init__(self, pool_dimensions, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.keepdims = keepdims
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self._rank = pool_dimensions
        first = 1 if self.data_format == "channels_last" else 2
        self._spatial_axes = tuple(range(first, first + pool_dimensions))
        self.built = True  # no weights: built from the start, as in Keras

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        spatial = len(input_shape) - 2
        if self.data_format == "channels_last":
            if self.keepdims:
                return (input_shape[0],) + (1,) * spatial + (input_shape[-1],)
            return (input_shape[0], input_shape[-1])
        if self.keepdims:
            return (input_shape[0], input_shape[1]) + (1,) * spatial
        return (input_shape[0], input_shape[1])

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format, "keepdims": self.keepdims}

    def extra_repr(self):
        return f"name={self.name!r}, keepdims={self.keepdims}"
