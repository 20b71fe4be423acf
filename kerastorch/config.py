"""keras.config: the global settings (floatx, epsilon, image data format, dtype policy, device, logging, flash
attention)."""

from kerastorch.backend.config import BACKEND as _BACKEND
from kerastorch.backend.config import backend
from kerastorch.backend.config import disable_flash_attention
from kerastorch.backend.config import enable_flash_attention
from kerastorch.backend.config import epsilon
from kerastorch.backend.config import floatx
from kerastorch.backend.config import image_data_format
from kerastorch.backend.config import is_flash_attention_enabled
from kerastorch.backend.config import keras_home
from kerastorch.backend.config import max_epochs
from kerastorch.backend.config import max_steps_per_epoch
from kerastorch.backend.config import set_epsilon
from kerastorch.backend.config import set_floatx
from kerastorch.backend.config import set_max_epochs
from kerastorch.backend.config import set_max_steps_per_epoch
from kerastorch.backend.config import set_image_data_format
from kerastorch.backend.device import get_device as device
from kerastorch.backend.device import set_device
from kerastorch.dtype_policies import dtype_policy
from kerastorch.dtype_policies import set_dtype_policy
from kerastorch.utils.io_utils import disable_interactive_logging
from kerastorch.utils.io_utils import enable_interactive_logging
from kerastorch.utils.io_utils import is_interactive_logging_enabled

_unsafe = {"deserialization": False}


def enable_unsafe_deserialization():
    """Allows loading Lambda layers that carry Python bytecode (only for files you trust)."""
    _unsafe["deserialization"] = True


def unsafe_deserialization_enabled():
    return _unsafe["deserialization"]


_traceback_filtering = {"enabled": True}


def enable_traceback_filtering():
    """Sets the traceback-filtering flag (on by default). In Keras it hides Keras's internal frames from error
    tracebacks; kerastorch never rewrites tracebacks, so here it only records the setting, which
    `is_traceback_filtering_enabled()` reports."""
    _traceback_filtering["enabled"] = True


def disable_traceback_filtering():
    """Clears the traceback-filtering flag. kerastorch's tracebacks are always complete (nothing is filtered),
    so this changes only what `is_traceback_filtering_enabled()` reports."""
    _traceback_filtering["enabled"] = False


def is_traceback_filtering_enabled():
    """The traceback-filtering flag (True unless disabled); kerastorch does not filter tracebacks either way."""
    return _traceback_filtering["enabled"]


def set_backend(backend):
    """Keras's backend switch. kerastorch has one backend, so only `"torch"` is accepted (and changes nothing).

    Raises:
        ValueError: for any other backend name.
    """
    if backend != _BACKEND:
        raise ValueError(
            f"kerastorch runs only on the torch backend and cannot switch to another one. Use real Keras for "
            f"other backends, or pass 'torch'. Received: backend={backend!r}"
        )
