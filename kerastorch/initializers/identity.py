"""The identity-matrix initializer."""

from kerastorch.initializers.initializer import Initializer
from kerastorch.initializers.initializer import _eye
from kerastorch.initializers.initializer import _placement
from kerastorch.initializers.initializer import _shape


class Identity(Initializer):
    """Initializer that makes a (possibly rectangular) identity matrix times `gain`; for 2D weights only.

    Args:
        gain: Multiplicative factor applied to the identity matrix.

    Example:

    >>> initializer = Identity()
    >>> values = initializer(shape=(2, 2))
    """

    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        shape = _shape(shape)
        if len(shape) != 2:
            raise ValueError(
                "Identity matrix initializer can only be used for 2D matrices. "
                f"Received: shape={shape} of rank {len(shape)}."
            )
        dtype, device = _placement(dtype)
        return self.gain * _eye(shape[0], shape[1], dtype, device)

    def get_config(self):
        return {"gain": self.gain}
