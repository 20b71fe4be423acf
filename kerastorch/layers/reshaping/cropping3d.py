"""`Cropping3D`: drops the borders of a volume along its three spatial axes."""

from kerastorch.backend.config import standardize_data_format
from kerastorch.layers.convolutional import _conv_utils as utils
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer
from kerastorch.layers.reshaping._spatial_arguments import before_after_pairs


class Cropping3D(Layer):
    """Crops a volume along its three spatial axes.

    Args:
        cropping: What each spatial axis loses at its start and end: an int (every side), a tuple of 3 ints
            (symmetric crops), or ((before1, after1), (before2, after2), (before3, after3)).
        data_format: `"channels_last"` or `"channels_first"`; None means `keras.config.image_data_format()`.

    Input shape:
        `(batch_size, dim1, dim2, dim3, channels)` (channels_last), channels second for channels_first.

    Output shape:
        `(batch_size, cropped_dim1, cropped_dim2, cropped_dim3, channels)` (channels_last).

    Example:

    >>> x = np.random.rand(2, 8, 8, 8, 3).astype("float32")
    >>> keras.layers.Cropping3D(cropping=(1, 2, 3))(x).shape
    torch.Size([2, 6, 4, 2, 3])
    """

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.cropping = before_after_pairs(cropping, 3, "cropping", self.name)
        self.input_spec = InputSpec(ndim=3 + 2)

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
