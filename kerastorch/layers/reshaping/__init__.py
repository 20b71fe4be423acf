"""The reshaping layers. `__all__` lists the public classes; keras.layers re-exports them."""

from kerastorch.layers.reshaping.cropping1d import Cropping1D
from kerastorch.layers.reshaping.cropping2d import Cropping2D
from kerastorch.layers.reshaping.cropping3d import Cropping3D
from kerastorch.layers.reshaping.flatten import Flatten
from kerastorch.layers.reshaping.permute import Permute
from kerastorch.layers.reshaping.repeat_vector import RepeatVector
from kerastorch.layers.reshaping.reshape import Reshape
from kerastorch.layers.reshaping.up_sampling1d import UpSampling1D
from kerastorch.layers.reshaping.up_sampling2d import UpSampling2D
from kerastorch.layers.reshaping.up_sampling3d import UpSampling3D
from kerastorch.layers.reshaping.zero_padding1d import ZeroPadding1D
from kerastorch.layers.reshaping.zero_padding2d import ZeroPadding2D
from kerastorch.layers.reshaping.zero_padding3d import ZeroPadding3D

__all__ = [
    "Cropping1D", "Cropping2D", "Cropping3D", "Flatten", "Permute", "RepeatVector", "Reshape", "UpSampling1D",
    "UpSampling2D", "UpSampling3D", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D",
]
