"""The max-norm weight constraint."""

import torch

from kerastorch.backend.config import epsilon
from kerastorch.constraints.constraint import Constraint
from kerastorch.constraints.constraint import _as_float
from kerastorch.constraints.constraint import _norms


class MaxNorm(Constraint):
    """Rescales the weights incident to each unit so their L2 norm is at most `max_value`.

    Args:
        max_value: The largest norm allowed.
        axis: The axis (or list of axes) the norms are taken over. For a `Dense` kernel
            `(input_dim, units)`, `axis=0` bounds each unit's incoming weight vector; for a `Conv2D` kernel
            `(rows, cols, in_depth, out_depth)` use `[0, 1, 2]` to bound each filter.
    """

    def __init__(self, max_value=2, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        w = _as_float(w)
        norms = _norms(w, self.axis)
        desired = torch.clamp(norms, 0, self.max_value)
        # epsilon keeps an all-zero vector at zero instead of 0 / 0.
        return w * (desired / (epsilon() + norms))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}
