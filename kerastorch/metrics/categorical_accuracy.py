"""`CategoricalAccuracy`: how often the top prediction is the one-hot label's class."""

from kerastorch.metrics.accuracy_functions import categorical_accuracy
from kerastorch.metrics.mean_metric_wrapper import MeanMetricWrapper


class CategoricalAccuracy(MeanMetricWrapper):
    """Calculates how often the arg-max of the predictions matches the arg-max of one-hot labels.

    For labels given as class indices rather than one-hot vectors, use `SparseCategoricalAccuracy`.

    Args:
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.

    Example:

    >>> m = keras.metrics.CategoricalAccuracy()
    >>> m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(fn=categorical_accuracy, name=name, dtype=dtype)
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}
