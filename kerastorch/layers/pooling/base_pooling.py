"""`BasePooling`: the N-D max and average pooling shared by `MaxPooling{1,2,3}D` and `AveragePooling{1,2,3}D`."""

import torch.nn.functional as F

from kerastorch.backend.config import standardize_data_format
from kerastorch.layers.convolutional import _conv_utils as utils
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer

_MAX = {2: F.max_pool2d, 3: F.max_pool3d}
_AVERAGE = {2: F.avg_pool2d, 3: F.avg_pool3d}


class BasePooling(Layer):
    """Abstract N-D pooling: the max or the mean of each window.

    Channels-last inputs are pooled through a channels-first view (torch's `channels_last` memory format, no
    copy); 1D inputs are pooled as images of height 1 for the same reason.

    "same" padding follows Keras on torch exactly: padding that splits evenly is left to torch, which ignores it
    (max) or leaves it out of the count (average); an uneven split instead repeats the edge values, and an
    average window then counts those repeated values.

    Args:
        pool_size: Int or tuple of `pool_dimensions` ints, the size of the window.
        strides: Int or tuple of `pool_dimensions` ints, the stride of the window; None means `pool_size`.
        pool_dimensions: The number of spatial dimensions (1, 2 or 3).
        pool_mode: `"max"` or `"average"`.
        padding: `"valid"` or `"same"` (output size `ceil(input / strides)`), case-insensitive.
        data_format: `"channels_last"` or `"channels_first"`; None means `keras.config.image_data_format()`.
    """

    def __init__(self, pool_size, strides, pool_dimensions, pool_mode="max", padding="valid", data_format=None,
                 name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.pool_size = utils.standardize_tuple(pool_size, pool_dimensions, "pool_size", self.name)
        strides = pool_size if strides is None else strides
        self.strides = utils.standardize_tuple(strides, pool_dimensions, "strides", self.name)
        if pool_mode not in ("max", "average"):
            raise ValueError(
                f"Layer '{self.name}': `pool_mode` must be 'max' or 'average'. Received: pool_mode={pool_mode}"
            )
        self.pool_mode = pool_mode
        self._padding_mode = utils.standardize_padding(padding, self.name)
        self.padding = padding  # as given, like Keras's config
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self._rank = pool_dimensions
        self._channels_last = self.data_format == "channels_last"
        self.built = True  # no weights: built from the start, as in Keras

    def call(self, inputs):
        rank, channels_last = self._rank, self._channels_last
        x = utils.channels_first_view(inputs, channels_last)
        pool_size = utils.lift_1d(self.pool_size, channels_last, rank, 1)
        strides = utils.lift_1d(self.strides, channels_last, rank, 1)
        padding = 0
        if self._padding_mode == "same":
            pads = [utils.same_padding(n, k, s) for n, k, s in zip(x.shape[2:], pool_size, strides)]
            x, padding = utils.pad_same_or_explicit(x, pads, mode="replicate")
        if x.ndim == 3:  # channels_first 1D: already the layout torch wants
            if self.pool_mode == "max":
                outputs = F.max_pool1d(x, pool_size, strides, padding)
            else:
                outputs = F.avg_pool1d(x, pool_size, strides, padding, count_include_pad=False)
        elif self.pool_mode == "max":
            outputs = _MAX[x.ndim - 2](x, pool_size, strides, padding)
        else:
            outputs = _AVERAGE[x.ndim - 2](x, pool_size, strides, padding, count_include_pad=False)
        return utils.channels_last_view(outputs, channels_last, rank)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        spatial = tuple(
            utils.conv_output_length(n, k, s, self._padding_mode)
            for n, k, s in zip(utils.spatial_shape(input_shape, self.data_format), self.pool_size, self.strides)
        )
        if any(n is not None and n <= 0 for n in spatial):
            raise ValueError(
                f"Layer '{self.name}': the output would be empty (spatial shape {spatial}) for this pool size and "
                f"strides. Received: input_shape={input_shape}"
            )
        channels = input_shape[-1] if self._channels_last else input_shape[1]
        return utils.with_spatial_shape(input_shape, spatial, channels, self.data_format)

    def get_config(self):
        return {
            **super().get_config(),
            "pool_size": self.pool_size,
            "padding": self.padding,
            "strides": self.strides,
            "data_format": self.data_format,
        }

    def extra_repr(self):
        return f"name={self.name!r}, pool_size={self.pool_size}, strides={self.strides}, padding={self.padding!r}"
