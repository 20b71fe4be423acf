"""The min-max-norm weight constraint."""

import torch

from kerastorch.backend.config import epsilon
from kerastorch.constraints.constraint import Constraint
from kerastorch.constraints.constraint import _as_float
from kerastorch.constraints.constraint import _norms


class MinMaxNorm(Constraint):
    """Rescales the weights incident to each unit so their L2 norm moves into `[min_value, max_value]`.

    Args:
        min_value: The smallest norm allowed.
        max_value: The largest norm allowed.
        rate: How far to move each step: the new norm is `rate * clip(norm, min_value, max_value) +
            (1 - rate) * norm`. 1.0 enforces the bounds at once; less moves towards them gradually.
        axis: The axis (or list of axes) the norms are taken over. For a `Dense` kernel
            `(input_dim, units)`, `axis=0` bounds each unit's incoming weight vector; for a `Conv2D` kernel
            `(rows, cols, in_depth, out_depth)` use `[0, 1, 2]` to bound each filter.
    """

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w):
        w = _as_float(w)
        norms = _norms(w, self.axis)
        desired = self.rate * torch.clamp(norms, self.min_value, self.max_value) + (1 - self.rate) * norms
        return w * (desired / (epsilon() + norms))

    def get_config(self):
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate, "axis": self.axis}
