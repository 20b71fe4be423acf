"""`ConcordanceCorrelation`: Lin's concordance correlation coefficient between labels and predictions, averaged over samples."""

from kerastorch.metrics.correlation_functions import concordance_correlation
from kerastorch.metrics.mean_metric_wrapper import MeanMetricWrapper


class ConcordanceCorrelation(MeanMetricWrapper):
    """Calculates the Lin's concordance correlation coefficient.

    Computed per sample along `axis`, then averaged over all samples seen; it measures agreement: like Pearson's, but it also drops when predictions are shifted or scaled away from the targets. Values lie in
    [-1, 1].

    Args:
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.
        axis: (Optional) integer or tuple of integers of the axis/axes along which to compute the metric.
            Defaults to `-1`.

    Example:

    >>> m = keras.metrics.ConcordanceCorrelation(axis=-1)
    >>> m.update_state([[0, 1, 0.5], [1, 1, 0.2]], [[0.1, 0.9, 0.5], [1, 0.9, 0.2]])
    """

    def __init__(self, name="concordance_correlation", dtype=None, axis=-1):
        super().__init__(fn=concordance_correlation, name=name, dtype=dtype, axis=axis)
        self.axis = axis
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "axis": self.axis}
