"""The unit-norm weight constraint."""

from kerastorch.backend.config import epsilon
from kerastorch.constraints.constraint import Constraint
from kerastorch.constraints.constraint import _as_float
from kerastorch.constraints.constraint import _norms


class UnitNorm(Constraint):
    """Rescales the weights incident to each unit to an L2 norm of 1.

    Args:
        axis: The axis (or list of axes) the norms are taken over. For a `Dense` kernel
            `(input_dim, units)`, `axis=0` normalizes each unit's incoming weight vector; for a `Conv2D` kernel
            `(rows, cols, in_depth, out_depth)` use `[0, 1, 2]` to normalize each filter.
    """

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        w = _as_float(w)
        return w / (epsilon() + _norms(w, self.axis))

    def get_config(self):
        return {"axis": self.axis}
