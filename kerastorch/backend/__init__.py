"""The one backend: configuration, dtypes, device placement and random seeds, all on torch.

Also the public `keras.backend` namespace: the Keras 3 functions and the Keras 2 spellings old scripts use
(`K.floatx()`, `K.epsilon()`, `K.clear_session()`, `K.int_shape(x)`, ...).
"""

from kerastorch.backend import config
from kerastorch.backend.config import backend
from kerastorch.backend.config import epsilon
from kerastorch.backend.config import floatx
from kerastorch.backend.config import image_data_format
from kerastorch.backend.config import set_epsilon
from kerastorch.backend.config import set_floatx
from kerastorch.backend.config import set_image_data_format
from kerastorch.backend.config import standardize_data_format
from kerastorch.backend.device import device_scope
from kerastorch.backend.device import get_device
from kerastorch.backend.device import set_device
from kerastorch.backend.dtypes import is_int_dtype
from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.backend.keras_tensor import is_keras_tensor
from kerastorch.backend.session import clear_session
from kerastorch.utils.naming import get_uid

config.load()


def int_shape(x):
    """The shape of a tensor or KerasTensor as a tuple of ints (None where unknown)."""
    return tuple(x.shape)


def is_float_dtype(dtype):
    return standardize_dtype(dtype) in ("bfloat16", "float16", "float32", "float64")


# The Keras 2 `K.*` functions (K.mean, K.sum, K.binary_crossentropy, ...), last: they import ops lazily.
# `K.variable` shares its name with the submodule variable.py, which must be loaded first: loading a submodule
# later would rebind the package attribute to the module.
import kerastorch.backend.variable  # noqa: E402,F401
from kerastorch.backend.keras2 import *  # noqa: E402,F401,F403
from kerastorch.backend.keras2 import __all__ as _keras2_all  # noqa: E402,F401


def result_type(*dtypes):
    """The dtype Keras promotes `dtypes` to (`keras.backend.result_type`); lives with keras.ops."""
    from kerastorch.ops import _dtypes  # noqa: PLC0415 - ops imports the backend

    return _dtypes.result_type(*dtypes)
