"""The base class of weight and activity regularizers, and the checks their factors share."""

import functools
import math

import numpy as np
import torch

from kerastorch.backend import config


class Regularizer:
    """Regularizer base class: a callable that maps a tensor to a scalar penalty added to the loss.

    Layers take them as `kernel_regularizer`, `bias_regularizer` and `activity_regularizer`; the activity
    penalty is divided by the batch size so the balance between the two kinds does not change with it.
    Any function from a tensor to a scalar also works as a regularizer; subclass this to make one that
    configs can name (implement `__call__` and `get_config`).

    Example:

    ```python
    class L2Regularizer(keras.regularizers.Regularizer):
        def __init__(self, l2=0.0):
            self.l2 = l2

        def __call__(self, x):
            return self.l2 * keras.ops.sum(keras.ops.square(x))

        def get_config(self):
            return {"l2": float(self.l2)}
    ```
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "__call__" in cls.__dict__:
            penalty = cls.__dict__["__call__"]

            @functools.wraps(penalty)
            def call_on_tensor(self, x):
                # Weights are tensors already; arrays given by hand (as Keras allows) are converted first.
                if not isinstance(x, torch.Tensor):
                    x = torch.as_tensor(np.asarray(x, dtype=config.floatx()))
                return penalty(self, x)

            cls.__call__ = call_on_tensor

    def __call__(self, x):
        """The penalty for `x`; the base class penalizes nothing."""
        return 0.0

    @classmethod
    def from_config(cls, config):
        """Rebuilds a regularizer from the output of `get_config()`."""
        return cls(**config)

    def get_config(self):
        """The constructor arguments, as a JSON-serializable dict."""
        raise NotImplementedError(f"{self} does not implement get_config()")


def _validate_factor(value, name):
    """A penalty factor as a float; it must be a finite, non-negative number."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (float, int))
        or math.isinf(value)
        or math.isnan(value)
        or value < 0
    ):
        raise ValueError(
            f"Invalid value for argument {name}: expected a non-negative float. Received: {name}={value!r}"
        )
    return float(value)


def _as_float32(value):
    """`value` rounded to float32. Keras keeps some factors as float32 tensors (L1's `l1`,
    OrthogonalRegularizer's `factor`), so their configs and penalties carry float32 rounding: 0.01 is
    written as 0.009999999776482582."""
    return float(torch.tensor(value, dtype=torch.float32))


def _scaled(factor, tensor):
    """`factor * tensor` with `factor` first rounded to the tensor's dtype, as Keras casts it, and without
    moving a scalar to the device (a Python number rides along with the kernel launch)."""
    return tensor * _rounded(factor, tensor.dtype)


@functools.lru_cache(maxsize=256)
def _rounded(value, dtype):
    return float(torch.tensor(value, dtype=dtype))
