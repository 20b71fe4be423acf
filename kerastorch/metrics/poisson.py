"""`Poisson`: the Poisson metric between `y_true` and `y_pred`."""

from kerastorch.metrics._utils import loss_function
from kerastorch.metrics.mean_metric_wrapper import MeanMetricWrapper


class Poisson(MeanMetricWrapper):
    """Computes the Poisson metric between `y_true` and `y_pred`.

    Per sample: `mean(y_pred - y_true * log(y_pred + epsilon))`, the negative log-likelihood of counts up to a constant. The result is the (weighted) mean over every sample seen since the last reset.

    Args:
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.

    Example:

    >>> m = keras.metrics.Poisson()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    """

    def __init__(self, name="poisson", dtype=None):
        super().__init__(fn=loss_function("poisson"), name=name, dtype=dtype)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}
