"""`Accuracy`: how often predictions equal labels exactly."""

from kerastorch.metrics.accuracy_functions import accuracy
from kerastorch.metrics.mean_metric_wrapper import MeanMetricWrapper


class Accuracy(MeanMetricWrapper):
    """Calculates how often predictions equal labels.

    Exact equality suits integer class predictions; for probabilities use `BinaryAccuracy`,
    `CategoricalAccuracy` or `SparseCategoricalAccuracy` (which `compile(metrics=["accuracy"])` picks for you).

    Args:
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.

    Example:

    >>> m = keras.metrics.Accuracy()
    >>> m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
    >>> float(m.result())
    0.75
    """

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(fn=accuracy, name=name, dtype=dtype)
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}
