"""`SquaredHinge`: the squared hinge metric between `y_true` and `y_pred`."""

from kerastorch.metrics._utils import loss_function
from kerastorch.metrics.mean_metric_wrapper import MeanMetricWrapper


class SquaredHinge(MeanMetricWrapper):
    """Computes the squared hinge metric between `y_true` and `y_pred`.

    Per sample: `mean(square(maximum(1 - y_true * y_pred, 0)))`; labels are -1 / 1 (0 / 1 labels are mapped to -1 / 1). The result is the (weighted) mean over every sample seen since the last reset.

    Args:
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.

    Example:

    >>> m = keras.metrics.SquaredHinge()
    >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    """

    def __init__(self, name="squared_hinge", dtype=None):
        super().__init__(fn=loss_function("squared_hinge"), name=name, dtype=dtype)
        # Metric should be minimized during optimization.
        self._direction = "down"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}
