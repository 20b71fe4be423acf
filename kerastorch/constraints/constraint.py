"""The base class of weight constraints, and the norm helper they share."""

import torch

from kerastorch.backend.config import floatx
from kerastorch.backend.dtypes import is_float_dtype
from kerastorch.backend.dtypes import to_torch_dtype


class Constraint:
    """Base class of weight constraints: a stateless projection applied to a weight after each optimizer step.

    Layers take them as `kernel_constraint` and `bias_constraint`. Subclasses override `__call__(w)` to return
    the projected weight (clipped, normalized, ...) and `get_config()` when they take arguments.

    Example:

    ```python
    class NonNegative(keras.constraints.Constraint):
        def __call__(self, w):
            return w * (w >= 0.0).to(w.dtype)
    ```
    """

    def __call__(self, w):
        """The projected weight; the base class leaves it unchanged."""
        return w

    def get_config(self):
        """The constructor arguments, as a JSON-serializable dict."""
        return {}

    @classmethod
    def from_config(cls, config):
        """Rebuilds a constraint from the output of `get_config()`."""
        return cls(**config)


def _as_float(w):
    """Norms need a float tensor: integer weights are computed in floatx, as Keras does."""
    w = torch.as_tensor(w)
    if not is_float_dtype(w.dtype):
        w = w.to(to_torch_dtype(floatx()))
    return w


def _norms(w, axis):
    """The L2 norms of `w` over `axis` (an int or a list of ints), kept as size-1 dims for broadcasting."""
    dims = tuple(axis) if isinstance(axis, (list, tuple)) else axis
    return torch.sqrt(torch.sum(w.square(), dim=dims, keepdim=True))
