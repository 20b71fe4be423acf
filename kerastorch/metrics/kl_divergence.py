"""`KLDivergence`: the Kullback-Leibler divergence between `y_true` and `y_pred`."""

from kerastorch.metrics._utils import loss_function
from kerastorch.metrics.mean_metric_wrapper import MeanMetricWrapper


class KLDivergence(MeanMetricWrapper):
    """Computes the Kullback-Leibler divergence between `y_true` and `y_pred`.

    Per sample: `sum(y_true * log(y_true / y_pred))` over the last axis, both clipped to `[epsilon, 1]`. The result is the (weighted) mean over every sample seen since the last reset.

    Args:
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.

    Example:

    >>> m = keras.metrics.KLDivergence()
    >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    """

    def __init__(self, name="kl_divergence", dtype=None):
        super().__init__(fn=loss_function("kl_divergence"), name=name, dtype=dtype)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}
