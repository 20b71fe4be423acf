"""`TopKCategoricalAccuracy`: how often the one-hot label's class is among the top k predictions."""

from kerastorch.metrics.accuracy_functions import top_k_categorical_accuracy
from kerastorch.metrics.mean_metric_wrapper import MeanMetricWrapper


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """Computes how often targets are in the top `K` predictions.

    A lenient accuracy for many-class problems: a sample counts as right when its one-hot label's class scores
    among the `k` highest.

    Args:
        k: (Optional) Number of top elements to look at for computing accuracy. Defaults to `5`.
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.

    Example:

    >>> m = keras.metrics.TopKCategoricalAccuracy(k=1)
    >>> m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(fn=top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
        self.k = k
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "k": self.k}
