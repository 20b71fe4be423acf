"""keras.config: the global settings (floatx, epsilon, image data format, dtype policy, device)."""

from kerastorch.backend.config import backend
from kerastorch.backend.config import epsilon
from kerastorch.backend.config import floatx
from kerastorch.backend.config import image_data_format
from kerastorch.backend.config import keras_home
from kerastorch.backend.config import set_epsilon
from kerastorch.backend.config import set_floatx
from kerastorch.backend.config import set_image_data_format
from kerastorch.backend.device import get_device as device
from kerastorch.backend.device import set_device
from kerastorch.dtype_policies import dtype_policy
from kerastorch.dtype_policies import set_dtype_policy

_unsafe = {"deserialization": False}


def enable_unsafe_deserialization():
    """Allows loading Lambda layers that carry Python bytecode (only for files you trust)."""
    _unsafe["deserialization"] = True


def unsafe_deserialization_enabled():
    return _unsafe["deserialization"]
