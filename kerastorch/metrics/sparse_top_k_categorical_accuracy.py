"""`SparseTopKCategoricalAccuracy`: how often the integer label is among the top k predictions."""

from kerastorch.metrics.accuracy_functions import sparse_top_k_categorical_accuracy
from kerastorch.metrics.mean_metric_wrapper import MeanMetricWrapper


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """Computes how often integer targets are in the top `K` predictions.

    Args:
        k: (Optional) Number of top elements to look at for computing accuracy. Defaults to `5`.
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.
        from_sorted_ids: (Optional) When `False` (the default), `y_pred` holds a score per class. When `True`,
            `y_pred` holds class ids sorted by decreasing score (e.g. the output of a retrieval layer), and
            only its first `k` columns are looked at.

    Example:

    >>> m = keras.metrics.SparseTopKCategoricalAccuracy(k=1)
    >>> m.update_state([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None, from_sorted_ids=False):
        super().__init__(
            fn=sparse_top_k_categorical_accuracy, name=name, dtype=dtype, k=k, from_sorted_ids=from_sorted_ids
        )
        self.k = k
        self.from_sorted_ids = from_sorted_ids
        self._direction = "up"

    def get_config(self):
        config = {"name": self.name, "dtype": self.dtype, "k": self.k}
        # Written only when set, so configs of the common case stay as older Keras wrote them.
        if self.from_sorted_ids:
            config["from_sorted_ids"] = True
        return config
