"""`UpSampling3D`: repeats each voxel along the three spatial axes."""

from kerastorch.backend.config import standardize_data_format
from kerastorch.layers.convolutional import _conv_utils as utils
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer
from kerastorch.layers.reshaping._repeat import repeat_axes


class UpSampling3D(Layer):
    """Upsampling layer for 3D inputs: repeats each voxel `size[i]` times along spatial axis `i`.

    Args:
        size: Int or tuple of 3 ints, the factors of the three spatial axes.
        data_format: `"channels_last"` or `"channels_first"`; None means `keras.config.image_data_format()`.

    Input shape:
        `(batch_size, dim1, dim2, dim3, channels)` (channels_last), channels second for channels_first.

    Output shape:
        `(batch_size, dim1 * size[0], dim2 * size[1], dim3 * size[2], channels)` (channels_last).

    Example:

    >>> x = np.ones((2, 1, 2, 1, 3), dtype="float32")
    >>> keras.layers.UpSampling3D(size=2)(x).shape
    torch.Size([2, 2, 4, 2, 3])
    """

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.size = utils.standardize_tuple(size, 3, "size", self.name)
        self.input_spec = InputSpec(ndim=5)

    def call(self, inputs):
        return repeat_axes(inputs, 1 if self.data_format == "channels_last" else 2, self.size)

    def compute_output_shape(self, input_shape):
        spatial = utils.spatial_shape(input_shape, self.data_format)
        scaled = tuple(None if n is None else n * f for n, f in zip(spatial, self.size))
        channels = input_shape[-1] if self.data_format == "channels_last" else input_shape[1]
        return utils.with_spatial_shape(tuple(input_shape), scaled, channels, self.data_format)

    def get_config(self):
        return {**super().get_config(), "size": self.size, "data_format": self.data_format}
