"""The regularization layers. `__all__` lists the public classes; keras.layers re-exports them."""

from kerastorch.layers.regularization.activity_regularization import ActivityRegularization
from kerastorch.layers.regularization.alpha_dropout import AlphaDropout
from kerastorch.layers.regularization.dropout import Dropout
from kerastorch.layers.regularization.gaussian_dropout import GaussianDropout
from kerastorch.layers.regularization.gaussian_noise import GaussianNoise
from kerastorch.layers.regularization.spatial_dropout1d import SpatialDropout1D
from kerastorch.layers.regularization.spatial_dropout2d import SpatialDropout2D
from kerastorch.layers.regularization.spatial_dropout3d import SpatialDropout3D

__all__ = [
    "ActivityRegularization",
    "AlphaDropout",
    "Dropout",
    "GaussianDropout",
    "GaussianNoise",
    "SpatialDropout1D",
    "SpatialDropout2D",
    "SpatialDropout3D",
]
