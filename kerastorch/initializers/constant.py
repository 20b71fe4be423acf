"""The constant-value initializer."""

import torch

from kerastorch.initializers.initializer import Initializer
from kerastorch.initializers.initializer import _placement
from kerastorch.initializers.initializer import _shape
from kerastorch.saving import serialization_lib


class Constant(Initializer):
    """Initializer that fills tensors with one value.

    Args:
        value: A Python scalar (or anything that broadcasts to the requested shape). It is cast to the requested
            dtype before filling, so `Constant(2.7)` gives 2 for an integer weight.

    Example:

    >>> initializer = Constant(10.0)
    >>> values = initializer(shape=(2, 2))
    """

    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=None):
        dtype, device = _placement(dtype)
        value = torch.as_tensor(self.value, device=device).to(dtype)
        # contiguous() materializes the broadcast view: the result is a fresh tensor the caller may write to.
        return torch.broadcast_to(value, _shape(shape)).contiguous()

    def get_config(self):
        return {"value": serialization_lib.serialize_keras_object(self.value)}

    @classmethod
    def from_config(cls, config):
        # A missing value means the default, so `get("constant")` works (real Keras raises a KeyError there).
        return cls(serialization_lib.deserialize_keras_object(config.get("value", 0.0)))
