"""keras.ops.numpy: the NumPy-style ops (elementwise math, arrays, reductions), re-exported explicitly."""

from kerastorch.ops._arrays import *  # noqa: F401,F403
from kerastorch.ops._arrays import __all__ as _arrays_all
from kerastorch.ops._elementwise import *  # noqa: F401,F403
from kerastorch.ops._elementwise import __all__ as _elementwise_all
from kerastorch.ops._reductions import *  # noqa: F401,F403
from kerastorch.ops._reductions import __all__ as _reductions_all
from kerastorch.ops.linalg import slogdet  # noqa: F401

__all__ = sorted(_arrays_all + _elementwise_all + _reductions_all + ["slogdet"])
