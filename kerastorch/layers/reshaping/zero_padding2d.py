"""`ZeroPadding2D`: adds rows of zeros around an image along its height and width."""

import torch.nn.functional as F

from kerastorch.backend.config import standardize_data_format
from kerastorch.layers.convolutional import _conv_utils as utils
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer
from kerastorch.layers.reshaping._spatial_arguments import before_after_pairs


class ZeroPadding2D(Layer):
    """Pads an image along its height and width with zeros.

    Args:
        padding: What each spatial axis gains at its start and end: an int (every side), a tuple of 2 ints
            (symmetric height and width padding), or ((top, bottom), (left, right)).
        data_format: `"channels_last"` or `"channels_first"`; None means `keras.config.image_data_format()`.

    Input shape:
        `(batch_size, height, width, channels)` (channels_last), channels second for channels_first.

    Output shape:
        `(batch_size, padded_height, padded_width, channels)` (channels_last).

    Example:

    >>> x = np.ones((1, 2, 2, 1), dtype="float32")
    >>> keras.layers.ZeroPadding2D(padding=1)(x).shape
    torch.Size([1, 4, 4, 1])
    """

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.padding = before_after_pairs(padding, 2, "padding", self.name)
        self.input_spec = InputSpec(ndim=2 + 2)
        # F.pad lists (before, after) from the last axis backwards; a channels-last input's last axis is unpadded.
        flat = [0, 0] if self.data_format == "channels_last" else []
        for before, after in reversed(self.padding):
            flat.extend((before, after))
        self._torch_padding = tuple(flat)

    def call(self, inputs):
        return F.pad(inputs, self._torch_padding)

    def compute_output_shape(self, input_shape):
        spatial = utils.spatial_shape(input_shape, self.data_format)
        padded = tuple(None if n is None else n + sum(pair) for n, pair in zip(spatial, self.padding))
        channels = input_shape[-1] if self.data_format == "channels_last" else input_shape[1]
        return utils.with_spatial_shape(tuple(input_shape), padded, channels, self.data_format)

    def get_config(self):
        return {**super().get_config(), "padding": self.padding, "data_format": self.data_format}
