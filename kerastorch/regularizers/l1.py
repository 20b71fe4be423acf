"""The L1 (lasso) weight penalty."""

from kerastorch.regularizers.regularizer import Regularizer
from kerastorch.regularizers.regularizer import _as_float32
from kerastorch.regularizers.regularizer import _scaled
from kerastorch.regularizers.regularizer import _validate_factor


class L1(Regularizer):
    """Penalty `l1 * sum(abs(x))`, which drives weights to exactly zero (sparse weights).

    Args:
        l1: Non-negative float, the factor. None means the default 0.01. Kept in float32, as Keras keeps it,
            so the config of `L1(0.01)` reads `{"l1": 0.009999999776482582}`.

    Example:

    >>> dense = Dense(3, kernel_regularizer="l1")
    """

    def __init__(self, l1=0.01):
        l1 = 0.01 if l1 is None else l1
        self.l1 = _as_float32(_validate_factor(l1, name="l1"))

    def __call__(self, x):
        return _scaled(self.l1, x.abs().sum())

    def get_config(self):
        return {"l1": self.l1}
