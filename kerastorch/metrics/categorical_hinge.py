"""`CategoricalHinge`: the categorical hinge metric between `y_true` and `y_pred`."""

from kerastorch.metrics._utils import loss_function
from kerastorch.metrics.mean_metric_wrapper import MeanMetricWrapper


class CategoricalHinge(MeanMetricWrapper):
    """Computes the categorical hinge metric between `y_true` and `y_pred`.

    Per sample: `maximum(neg - pos + 1, 0)` where `pos = sum(y_true * y_pred)` and `neg = max((1 - y_true) * y_pred)`; labels are one-hot. The result is the (weighted) mean over every sample seen since the last reset.

    Args:
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.

    Example:

    >>> m = keras.metrics.CategoricalHinge()
    >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    """

    def __init__(self, name="categorical_hinge", dtype=None):
        super().__init__(fn=loss_function("categorical_hinge"), name=name, dtype=dtype)
        # Metric should be minimized during optimization.
        self._direction = "down"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}
