"""`MeanMetricWrapper`: turns a stateless per-sample function `fn(y_true, y_pred)` into a running mean."""

import torch

from kerastorch.metrics._utils import apply_mask
from kerastorch.metrics._utils import get_mask
from kerastorch.metrics._utils import to_tensor
from kerastorch.metrics.mean import Mean
from kerastorch.saving import serialization_lib


class MeanMetricWrapper(Mean):
    """Wraps a stateless metric function with the `Mean` metric.

    The quickest way to make a metric from a function: `fn(y_true, y_pred, **kwargs)` returns per-sample
    values and `result()` is their (weighted) average over every sample seen so far. A Keras mask attached to
    `y_pred` excludes the masked entries.

    Args:
        fn: The metric function to wrap, with signature `fn(y_true, y_pred, **kwargs)`.
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.
        **kwargs: Keyword arguments to pass on to `fn`.

    Example:

    ```python
    def squared_error(y_true, y_pred):
        return (y_true - y_pred) ** 2

    metric = keras.metrics.MeanMetricWrapper(fn=squared_error)
    ```
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs
        if _is_keras_loss(fn):
            # A wrapped loss is a quantity to minimize (callbacks read this to pick a monitoring mode).
            self._direction = "down"

    def update_state(self, y_true, y_pred, sample_weight=None):
        mask = get_mask(y_pred)
        y_true = to_tensor(y_true, device=self._device)
        y_pred = to_tensor(y_pred, device=self._device)
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        if mask is not None:
            sample_weight = apply_mask(sample_weight, mask.to(self._device), self.dtype)
        return super().update_state(values, sample_weight=sample_weight)

    def get_config(self):
        config = {"fn": serialization_lib.serialize_keras_object(self._fn)}
        config.update(serialization_lib.serialize_keras_object(self._fn_kwargs))
        return {**super().get_config(), **config}

    @classmethod
    def from_config(cls, config):
        if "fn" in config:
            from kerastorch import metrics

            config = dict(config)
            config["fn"] = serialization_lib.deserialize_keras_object(
                config["fn"], module_objects=metrics._function_objects()
            )
        return cls(**config)


def _is_keras_loss(fn):
    try:
        from kerastorch import losses
    except ImportError:
        return False
    known = getattr(losses, "ALL_OBJECTS", ())
    return fn in known or fn.__class__ in known
