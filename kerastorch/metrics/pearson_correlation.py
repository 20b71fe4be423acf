"""`PearsonCorrelation`: Pearson's correlation coefficient between labels and predictions, averaged over samples."""

from kerastorch.metrics.correlation_functions import pearson_correlation
from kerastorch.metrics.mean_metric_wrapper import MeanMetricWrapper


class PearsonCorrelation(MeanMetricWrapper):
    """Calculates the Pearson's correlation coefficient.

    Computed per sample along `axis`, then averaged over all samples seen; it measures linear correlation, insensitive to the scale and offset of the predictions. Values lie in
    [-1, 1].

    Args:
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.
        axis: (Optional) integer or tuple of integers of the axis/axes along which to compute the metric.
            Defaults to `-1`.

    Example:

    >>> m = keras.metrics.PearsonCorrelation(axis=-1)
    >>> m.update_state([[0, 1, 0.5], [1, 1, 0.2]], [[0.1, 0.9, 0.5], [1, 0.9, 0.2]])
    """

    def __init__(self, name="pearson_correlation", dtype=None, axis=-1):
        super().__init__(fn=pearson_correlation, name=name, dtype=dtype, axis=axis)
        self.axis = axis
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "axis": self.axis}
