"""`UpSampling2D`: enlarges images by whole factors (nearest or interpolated)."""

import torch.nn.functional as F

from kerastorch.backend.config import standardize_data_format
from kerastorch.layers.convolutional import _conv_utils as utils
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer
from kerastorch.layers.reshaping._repeat import repeat_axes

# Keras's names -> torch's interpolate modes ("nearest" repeats rows and columns instead).
_INTERPOLATIONS = {"bilinear": "bilinear", "bicubic": "bicubic"}


class UpSampling2D(Layer):
    """Upsampling layer for 2D inputs: scales the height and width by `size`.

    `"nearest"` repeats each row and column (`size` times); `"bilinear"` and `"bicubic"` resize the image to
    the new size as `keras.ops.image.resize` does (half-pixel centers, no antialiasing).

    Args:
        size: Int or tuple of 2 ints, the factors for height and width.
        data_format: `"channels_last"` or `"channels_first"`; None means `keras.config.image_data_format()`.
        interpolation: `"nearest"`, `"bilinear"` or `"bicubic"` (case-insensitive).

    Input shape:
        `(batch_size, height, width, channels)` (channels_last), channels second for channels_first.

    Output shape:
        `(batch_size, height * size[0], width * size[1], channels)` (channels_last).

    Example:

    >>> x = np.arange(4, dtype="float32").reshape(1, 2, 2, 1)
    >>> keras.layers.UpSampling2D(size=(1, 2))(x)[0, :, :, 0]
    tensor([[0., 0., 1., 1.],
            [2., 2., 3., 3.]])
    """

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.size = utils.standardize_tuple(size, 2, "size", self.name)
        if not isinstance(interpolation, str) or interpolation.lower() not in ("nearest", *_INTERPOLATIONS):
            raise ValueError(
                f"Layer '{self.name}': `interpolation` must be one of 'nearest', 'bilinear', 'bicubic'. "
                f"Received: interpolation={interpolation}"
            )
        self.interpolation = interpolation.lower()
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        channels_last = self.data_format == "channels_last"
        if self.interpolation == "nearest":
            return repeat_axes(inputs, 1 if channels_last else 2, self.size)
        x = utils.channels_first_view(inputs, channels_last)
        size = (x.shape[2] * self.size[0], x.shape[3] * self.size[1])
        outputs = F.interpolate(x, size=size, mode=_INTERPOLATIONS[self.interpolation], align_corners=False)
        return utils.channels_last_view(outputs, channels_last, 2)

    def compute_output_shape(self, input_shape):
        spatial = utils.spatial_shape(input_shape, self.data_format)
        scaled = tuple(None if n is None else n * f for n, f in zip(spatial, self.size))
        channels = input_shape[-1] if self.data_format == "channels_last" else input_shape[1]
        return utils.with_spatial_shape(tuple(input_shape), scaled, channels, self.data_format)

    def get_config(self):
        return {**super().get_config(), "size": self.size, "data_format": self.data_format,
                "interpolation": self.interpolation}
