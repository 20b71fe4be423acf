"""The L2 (ridge, weight decay) weight penalty."""

from kerastorch.regularizers.regularizer import Regularizer
from kerastorch.regularizers.regularizer import _scaled
from kerastorch.regularizers.regularizer import _validate_factor


class L2(Regularizer):
    """Penalty `l2 * sum(square(x))`, which keeps weights small without making them exactly zero.

    Args:
        l2: Non-negative float, the factor. None means the default 0.01.

    Example:

    >>> dense = Dense(3, kernel_regularizer="l2")
    """

    def __init__(self, l2=0.01):
        l2 = 0.01 if l2 is None else l2
        self.l2 = _validate_factor(l2, name="l2")

    def __call__(self, x):
        return _scaled(self.l2, x.square().sum())

    def get_config(self):
        return {"l2": self.l2}
