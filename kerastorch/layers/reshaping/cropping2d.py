"""`Cropping2D`: drops the borders of an image along its height and width."""

from kerastorch.backend.config import standardize_data_format
from kerastorch.layers.convolutional import _conv_utils as utils
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer
from kerastorch.layers.reshaping._spatial_arguments import before_after_pairs


class Cropping2D(Layer):
    """Crops an image along its height and width.

    Args:
        cropping: What each spatial axis loses at its start and end: an int (every side), a tuple of 2 ints
            (symmetric height and width crops), or ((top, bottom), (left, right)).
        data_format: `"channels_last"` or `"channels_first"`; None means `keras.config.image_data_format()`.

    Input shape:
        `(batch_size, height, width, channels)` (channels_last), channels second for channels_first.

    Output shape:
        `(batch_size, cropped_height, cropped_width, channels)` (channels_last).

    Example:

    >>> x = np.random.rand(2, 28, 28, 3).astype("float32")
    >>> keras.layers.Cropping2D(cropping=((2, 2), (4, 4)))(x).shape
    torch.Size([2, 24, 20, 3])
    """

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.cropping = before_after_pairs(cropping, 2, "cropping", self.name)
        self.input_spec = InputSpec(ndim=2 + 2)

    def _cropped(self, input_shape):
        spatial = utils.spatial_shape(input_shape, self.data_format)
        cropped = tuple(None if n is None else n - sum(pair) for n, pair in zip(spatial, self.cropping))
        if any(n is not None and n <= 0 for n in cropped):
            raise ValueError(
                f"Layer '{self.name}': `cropping` must be smaller than each spatial size {spatial}. "
                f"Received: cropping={self.cropping}, input_shape={tuple(input_shape)}"
            )
        return spatial, cropped

    def call(self, inputs):
        spatial, _ = self._cropped(inputs.shape)
        index = [slice(start, n - end) for (start, end), n in zip(self.cropping, spatial)]
        if self.data_format == "channels_last":
            return inputs[(slice(None), *index, slice(None))]
        return inputs[(slice(None), slice(None), *index)]

    def compute_output_shape(self, input_shape):
        _, cropped = self._cropped(input_shape)
        channels = input_shape[-1] if self.data_format == "channels_last" else input_shape[1]
        return utils.with_spatial_shape(tuple(input_shape), cropped, channels, self.data_format)

    def get_config(self):
        return {**super().get_config(), "cropping": self.cropping, "data_format": self.data_format}
