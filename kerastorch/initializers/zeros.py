"""The all-zeros initializer."""

import torch

from kerastorch.initializers.initializer import Initializer
from kerastorch.initializers.initializer import _placement
from kerastorch.initializers.initializer import _shape


class Zeros(Initializer):
    """Initializer that makes tensors of zeros: the usual start for biases and BatchNormalization's beta.

    Example:

    >>> initializer = Zeros()
    >>> values = initializer(shape=(2, 2))
    """

    def __call__(self, shape, dtype=None):
        dtype, device = _placement(dtype)
        return torch.zeros(_shape(shape), dtype=dtype, device=device)
