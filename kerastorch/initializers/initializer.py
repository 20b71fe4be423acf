"""The base class every initializer derives from."""

import torch

from kerastorch.backend.device import get_device
from kerastorch.backend.dtypes import to_torch_dtype


class Initializer:
    """Initializer base class: a callable that makes the starting value of a weight.

    Subclasses implement `__call__(shape, dtype=None)`, returning a torch tensor of that shape and dtype on
    the default device (`kerastorch.backend.get_device()`), and `get_config()` when their constructor takes
    arguments, so configs that name them can be rebuilt.

    Example:

    ```python
    class ExampleRandomNormal(keras.initializers.Initializer):
        def __init__(self, mean, stddev):
            self.mean = mean
            self.stddev = stddev

        def __call__(self, shape, dtype=None):
            return keras.random.normal(shape, mean=self.mean, stddev=self.stddev, dtype=dtype)

        def get_config(self):
            return {"mean": self.mean, "stddev": self.stddev}
    ```
    """

    def __call__(self, shape, dtype=None):
        """Returns a tensor of shape `shape` and dtype `dtype` (None means `floatx()`)."""
        raise NotImplementedError("Initializer subclasses must implement the `__call__()` method.")

    def get_config(self):
        """The constructor arguments, as a JSON-serializable dict."""
        return {}

    @classmethod
    def from_config(cls, config):
        """Rebuilds an initializer from the output of `get_config()`."""
        return cls(**config)

    def clone(self):
        """A new initializer with the same configuration."""
        return self.__class__.from_config(self.get_config())


def _shape(shape):
    """A tuple of Python ints from any shape spelling (tuple, list, torch.Size, numpy ints)."""
    try:
        return tuple(int(d) for d in shape)
    except (TypeError, ValueError) as error:
        raise ValueError(f"`shape` must be a sequence of integers. Received: shape={shape!r}") from error


def _placement(dtype):
    """The torch dtype (None means floatx) and device new initial values are made with."""
    return to_torch_dtype(dtype), get_device()


def _eye(rows, cols, dtype, device):
    # torch.eye has no bfloat16 kernel on CPU: build it in float32 and cast, which is exact.
    if dtype == torch.bfloat16 and device.type == "cpu":
        return torch.eye(rows, cols, dtype=torch.float32, device=device).to(dtype)
    return torch.eye(rows, cols, dtype=dtype, device=device)
