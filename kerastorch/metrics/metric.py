"""`Metric`: the base of every metric, a stateful accumulator that lives on the device.

A metric is not a layer: it holds non-trainable state variables, folds each batch into them with
`update_state()` and reads the value off them with `result()`. Updates are in-place torch ops only, so a
training loop can call `update_state()` every step without ever waiting on the accelerator; the host reads the
value (one sync) only when it logs.
"""

import torch

from kerastorch.backend import config
from kerastorch.backend.device import device_scope
from kerastorch.backend.device import get_device
from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.variable import Variable
from kerastorch.utils.naming import auto_name


class Metric:
    """Encapsulates metric logic and state.

    Subclasses create their state in `__init__()` with `self.add_variable(...)`, fold a batch into it in
    `update_state()` (in-place torch ops on the variables, no host-device sync) and compute the value in
    `result()`. `reset_state()` zeroes every variable, which suits metrics whose state starts at zero.

    Args:
        dtype: The dtype of the metric's computations and result. Defaults to `None`, meaning
            `keras.backend.floatx()`. A `keras.DTypePolicy` contributes its compute dtype.
        name: Optional name for the metric instance; defaults to the snake_case class name, made unique.

    Example:

    ```python
    class BinaryTruePositives(keras.metrics.Metric):
        def __init__(self, name="binary_true_positives", **kwargs):
            super().__init__(name=name, **kwargs)
            self.true_positives = self.add_variable(shape=(), initializer="zeros", name="true_positives")

        def update_state(self, y_true, y_pred, sample_weight=None):
            values = torch.logical_and(torch.as_tensor(y_true).bool(), torch.as_tensor(y_pred).bool())
            values = values.to(self.true_positives.dtype)
            if sample_weight is not None:
                values = values * torch.as_tensor(sample_weight, dtype=values.dtype)
            self.true_positives.assign_add(values.sum())

        def result(self):
            return self.true_positives
    ```
    """

    def __init__(self, dtype=None, name=None):
        # Set before anything else: `__setattr__` tracks through these.
        object.__setattr__(self, "_variables", [])
        object.__setattr__(self, "_metrics", [])
        self.name = name or auto_name(self.__class__.__name__)
        self._dtype_policy, self._dtype = _resolve_dtype(dtype)
        # Where the state lives; `to()` moves it, and lazily built state follows it.
        self._device = get_device()

    # ------------------------------------------------------------------ contract for subclasses

    def update_state(self, *args, **kwargs):
        """Accumulates statistics for the metric (in place, without a host-device sync)."""
        raise NotImplementedError(f"{self.__class__.__name__} must implement `update_state()`.")

    def result(self):
        """Computes the current metric value from the state: a tensor (usually 0-d)."""
        raise NotImplementedError(f"{self.__class__.__name__} must implement `result()`.")

    def reset_state(self):
        """Resets all of the metric state variables to zero (called between epochs and evaluations)."""
        with torch.no_grad():
            for variable in self.variables:
                variable.zero_()

    def __call__(self, *args, **kwargs):
        """Updates the state with one batch, then returns the `result()` so far."""
        self._check_super_called()
        self.update_state(*args, **kwargs)
        return self.result()

    # ------------------------------------------------------------------ state

    def add_variable(self, shape, initializer, dtype=None, aggregation="sum", name=None):
        """Creates a non-trainable state variable on the metric's device and tracks it.

        Args:
            shape: The variable's shape.
            initializer: An initializer instance, name or callable `(shape, dtype) -> tensor`.
            dtype: The variable's dtype; `None` means `floatx()`.
            aggregation: How replicas combine the variable (`"sum"`, `"mean"`, `"only_first_replica"`, ...).
                Recorded for distribution code; a single process ignores it.
            name: The variable's name; its path is `"<metric name>/<name>"`.

        Returns:
            The new `keras.Variable`.
        """
        self._check_super_called()
        from kerastorch import initializers

        initializer = initializers.get(initializer)
        torch_dtype = to_torch_dtype(dtype if dtype is not None else config.floatx())
        # Made directly on the state's device: state built lazily inside `update_state()` (F1Score, R2Score)
        # must not pay a host-to-device copy, which would synchronize.
        with device_scope(self._device):
            value = initializer(tuple(shape) if not isinstance(shape, int) else (shape,), dtype=torch_dtype)
        value = torch.as_tensor(value, dtype=torch_dtype).to(self._device)
        path = f"{self.name.replace('/', '>')}/{name}" if name else None
        variable = Variable(value, trainable=False, name=name, path=path)
        variable._aggregation = aggregation
        self._variables.append(variable)
        return variable

    def add_weight(self, shape=(), initializer=None, dtype=None, name=None):
        """Alias of `add_variable()` kept for Keras 2 code."""
        return self.add_variable(shape=shape, initializer=initializer, dtype=dtype, name=name)

    @property
    def variables(self):
        """The state variables of this metric, then those of its sub-metrics."""
        variables = list(self._variables)
        for metric in self._metrics:
            variables.extend(metric.variables)
        return variables

    def to(self, device):
        """Moves all state (sub-metrics' included) to `device` in place and returns the metric.

        The variables stay the same objects, so references held elsewhere keep working. The trainer calls this
        to keep metric state on the model's device.
        """
        device = torch.device(device)
        with torch.no_grad():
            for variable in self._variables:
                variable.data = variable.data.to(device)
            for attribute, value in list(vars(self).items()):
                # Constant tensors a metric keeps beside its state (thresholds, label weights) move too.
                if isinstance(value, torch.Tensor) and not isinstance(value, Variable):
                    object.__setattr__(self, attribute, value.to(device))
        self._device = device
        for metric in self._metrics:
            metric.to(device)
        return self

    @property
    def dtype(self):
        """The dtype the metric computes and reports in, as a string."""
        return self._dtype

    # ------------------------------------------------------------------ serialization

    def get_config(self):
        """The serializable config of the metric."""
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config):
        """Rebuilds a metric from the output of `get_config()`."""
        return cls(**config)

    # ------------------------------------------------------------------ plumbing

    def __setattr__(self, name, value):
        # Metrics assigned as attributes (alone or in a list) become sub-metrics; variables assigned from
        # elsewhere become state, so `variables`, `reset_state()` and `to()` reach them.
        tracked = self.__dict__.get("_metrics")
        if tracked is not None:
            if isinstance(value, Metric):
                if value is not self and all(value is not m for m in tracked):
                    tracked.append(value)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    if isinstance(item, Metric) and all(item is not m for m in tracked):
                        tracked.append(item)
            elif isinstance(value, Variable) and all(value is not v for v in self._variables):
                self._variables.append(value)
        object.__setattr__(self, name, value)

    def _check_super_called(self):
        if "_variables" not in self.__dict__:
            raise RuntimeError(
                f"{self.__class__.__name__}.__init__() did not call `super().__init__()`. Call it first, before "
                "creating any state."
            )

    def __repr__(self):
        return f"<{self.__class__.__name__} name={self.name}>"

    def __str__(self):
        return self.__repr__()


def _resolve_dtype(dtype):
    """The (policy, compute dtype string) for a metric's `dtype` argument, as Keras resolves it."""
    from kerastorch import dtype_policies

    if dtype is None:
        dtype = config.floatx()
    if hasattr(dtype, "compute_dtype"):
        return dtype, dtype.compute_dtype
    if isinstance(dtype, str) and dtype.startswith("mixed_"):
        policy = dtype_policies.get(dtype)
        return policy, policy.compute_dtype
    if dtype == "int":
        # Keras's plain "int" is int32 on this backend (the IoU metrics default to it).
        dtype = "int32"
    name = standardize_dtype(dtype)
    return name, name
