"""`LogCoshError`: the logarithm of the hyperbolic cosine of the prediction error."""

from kerastorch.metrics._utils import loss_function
from kerastorch.metrics.mean_metric_wrapper import MeanMetricWrapper


class LogCoshError(MeanMetricWrapper):
    """Computes the logarithm of the hyperbolic cosine of the prediction error.

    Per sample: `mean(log(cosh(y_pred - y_true)))`: about `x ** 2 / 2` for small errors and `abs(x) - log(2)` for large ones, so like MSE but robust to outliers. The result is the (weighted) mean over every sample seen since the last reset.

    Args:
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.

    Example:

    >>> m = keras.metrics.LogCoshError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    """

    def __init__(self, name="logcosh", dtype=None):
        super().__init__(fn=loss_function("log_cosh"), name=name, dtype=dtype)
        # Metric should be minimized during optimization.
        self._direction = "down"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}
