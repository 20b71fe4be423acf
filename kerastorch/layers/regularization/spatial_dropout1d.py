"""`SpatialDropout1D`: drops whole channels of a sequence."""

from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.regularization.base_spatial_dropout import BaseSpatialDropout


class SpatialDropout1D(BaseSpatialDropout):
    """Spatial 1D dropout: like Dropout, but drops entire 1D feature maps (one channel at every timestep)
    instead of single elements, which helps when adjacent timesteps are strongly correlated.

    Args:
        rate: Float between 0 and 1, the fraction of channels to drop.
        seed: Integer seed, or None.
        name: The layer's name.
        dtype: The dtype policy.

    Call arguments:
        inputs: A 3D tensor.
        training: Whether to drop (True) or pass the input through (False).

    Input shape:
        `(samples, timesteps, channels)`.

    Output shape:
        Same as the input.
    """

    def __init__(self, rate, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.input_spec = InputSpec(ndim=3)

    def _noise_shape(self, shape):
        return (shape[0], 1, shape[2])
