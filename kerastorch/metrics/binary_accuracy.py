"""`BinaryAccuracy`: how often thresholded predictions match 0/1 labels."""

from kerastorch.metrics.accuracy_functions import binary_accuracy
from kerastorch.metrics.mean_metric_wrapper import MeanMetricWrapper


class BinaryAccuracy(MeanMetricWrapper):
    """Calculates how often predictions match binary labels.

    A prediction counts as 1 when it is above `threshold`, so probabilities from a sigmoid output are scored
    directly.

    Args:
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.
        threshold: (Optional) Float: predictions above it are 1, the rest 0. Defaults to `0.5`.

    Example:

    >>> m = keras.metrics.BinaryAccuracy()
    >>> m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])
    >>> float(m.result())
    0.75
    """

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(fn=binary_accuracy, name=name, dtype=dtype, threshold=threshold)
        self.threshold = threshold
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "threshold": self.threshold}
