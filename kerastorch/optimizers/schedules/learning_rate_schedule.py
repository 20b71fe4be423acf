"""`LearningRateSchedule`: the base of the learning-rate schedules."""

import numpy as np
import torch


class LearningRateSchedule:
    """A learning rate as a function of the optimizer step.

    Subclasses implement `__call__(step)` and `get_config()`. The step is either a Python int, and the result
    a Python float (the path optimizers take every step: no device work, no synchronization), or a tensor, and
    the result a float32 tensor on its device. Both compute in float32, as Keras does.

    Example:

    ```python
    class MyLRSchedule(keras.optimizers.schedules.LearningRateSchedule):
        def __init__(self, initial_learning_rate):
            self.initial_learning_rate = initial_learning_rate

        def __call__(self, step):
            return self.initial_learning_rate / (step + 1)

        def get_config(self):
            return {"initial_learning_rate": self.initial_learning_rate}
    ```
    """

    _keras_module = "keras.optimizers.schedules"

    def __call__(self, step):
        raise NotImplementedError(f"Learning rate schedule '{type(self).__name__}' must override `__call__(self, step)`.")

    def get_config(self):
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override `get_config()` in order to be serializable."
        )

    @classmethod
    def from_config(cls, config):
        """Instantiates the schedule from `get_config()`'s output."""
        return cls(**config)


class _Float32Math:
    """The few operations the schedules need, on numpy float32 scalars (host) or torch tensors (device).

    Writing each formula once against this interface keeps the two paths the same computation.
    """

    def __init__(self, step):
        self.on_device = isinstance(step, torch.Tensor)
        self.device = step.device if self.on_device else None

    def const(self, value):
        if self.on_device:
            # A fill kernel, not a host-to-device copy: no synchronization on CUDA.
            return torch.full((), value, dtype=torch.float32, device=self.device)
        return np.float32(value)

    def cast(self, step):
        return step.to(torch.float32) if self.on_device else np.float32(step)

    def floor(self, x):
        return torch.floor(x) if self.on_device else np.floor(x)

    def ceil(self, x):
        return torch.ceil(x) if self.on_device else np.ceil(x)

    def cos(self, x):
        return torch.cos(x) if self.on_device else np.cos(x)

    def log(self, x):
        return torch.log(x) if self.on_device else np.log(x)

    def power(self, x, y):
        return torch.pow(x, y) if self.on_device else np.power(x, y)

    def minimum(self, x, y):
        return torch.minimum(x, y) if self.on_device else np.minimum(x, y)

    def where(self, condition, x, y):
        if self.on_device:
            return torch.where(condition, x, y)
        return x if condition else y

    def result(self, x):
        return x if self.on_device else float(x)


def _check_positive_steps(name, value):
    if not value > 0:
        raise ValueError(f"Argument `{name}` must be > 0. Received: {name}={value}")
