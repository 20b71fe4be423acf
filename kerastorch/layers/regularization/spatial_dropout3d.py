"""`SpatialDropout3D`: drops whole channels of 3D feature maps."""

from kerastorch import backend
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.regularization.base_spatial_dropout import BaseSpatialDropout


class SpatialDropout3D(BaseSpatialDropout):
    """Spatial 3D dropout: like Dropout, but drops entire 3D feature maps (one channel everywhere) instead
    of single elements, which helps when neighbouring pixels are strongly correlated.

    Args:
        rate: Float between 0 and 1, the fraction of channels to drop.
        data_format: `"channels_last"` or `"channels_first"`; default `keras.config.image_data_format()`.
        seed: Integer seed, or None.
        name: The layer's name.
        dtype: The dtype policy.

    Call arguments:
        inputs: A 5D tensor.
        training: Whether to drop (True) or pass the input through (False).

    Input shape:
        `(samples, channels, dim1, dim2, dim3)` (channels_first) or `(samples, dim1, dim2, dim3, channels)` (channels_last).

    Output shape:
        Same as the input.
    """

    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.data_format = backend.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=5)

    def _noise_shape(self, shape):
        if self.data_format == "channels_first":
            return (shape[0], shape[1], 1, 1, 1)
        return (shape[0], 1, 1, 1, shape[4])

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}
