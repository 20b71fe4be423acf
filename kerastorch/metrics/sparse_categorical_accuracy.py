"""`SparseCategoricalAccuracy`: how often the top prediction is the integer label."""

from kerastorch.metrics.accuracy_functions import sparse_categorical_accuracy
from kerastorch.metrics.mean_metric_wrapper import MeanMetricWrapper


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """Calculates how often the arg-max of the predictions matches integer labels.

    Labels are class indices of shape `(batch,)` or `(batch, 1)`; for one-hot labels use
    `CategoricalAccuracy`.

    Args:
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.

    Example:

    >>> m = keras.metrics.SparseCategoricalAccuracy()
    >>> m.update_state([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(fn=sparse_categorical_accuracy, name=name, dtype=dtype)
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}
