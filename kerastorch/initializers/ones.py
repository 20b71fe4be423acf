"""The all-ones initializer."""

import torch

from kerastorch.initializers.initializer import Initializer
from kerastorch.initializers.initializer import _placement
from kerastorch.initializers.initializer import _shape


class Ones(Initializer):
    """Initializer that makes tensors of ones: the usual start for normalization scales (`gamma`).

    Example:

    >>> initializer = Ones()
    >>> values = initializer(shape=(2, 2))
    """

    def __call__(self, shape, dtype=None):
        dtype, device = _placement(dtype)
        return torch.ones(_shape(shape), dtype=dtype, device=device)
