"""The combined L1 and L2 weight penalty."""

from kerastorch.regularizers.regularizer import Regularizer
from kerastorch.regularizers.regularizer import _scaled
from kerastorch.regularizers.regularizer import _validate_factor


class L1L2(Regularizer):
    """Penalty `l1 * sum(abs(x)) + l2 * sum(square(x))` (elastic net).

    Args:
        l1: Non-negative float, the L1 factor (None means 0).
        l2: Non-negative float, the L2 factor (None means 0).

    Example:

    >>> dense = Dense(3, kernel_regularizer=L1L2(l1=0.01, l2=0.01))
    """

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = _validate_factor(0.0 if l1 is None else l1, name="l1")
        self.l2 = _validate_factor(0.0 if l2 is None else l2, name="l2")

    def __call__(self, x):
        penalty = x.new_zeros(())
        if self.l1 != 0.0:
            penalty = penalty + _scaled(self.l1, x.abs().sum())
        if self.l2 != 0.0:
            penalty = penalty + _scaled(self.l2, x.square().sum())
        return penalty

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}
