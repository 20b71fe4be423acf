"""The non-negativity weight constraint."""

import torch

from kerastorch.constraints.constraint import Constraint


class NonNeg(Constraint):
    """Clips weights below zero to zero, for quantities that must not be negative (rates, variances, ...)."""

    def __call__(self, w):
        w = torch.as_tensor(w)
        return torch.clamp(w, min=0)
