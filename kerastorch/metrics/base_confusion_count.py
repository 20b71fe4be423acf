"""The base of TruePositives, FalsePositives, TrueNegatives and FalseNegatives: one weighted count per
threshold."""

from kerastorch.metrics import _confusion_matrix
from kerastorch.metrics.metric import Metric


class _ConfusionMatrixConditionCount(Metric):
    """Counts one confusion-matrix condition (`"tp"`, `"fp"`, `"tn"` or `"fn"`) at each threshold.

    Args:
        confusion_matrix_cond: Which condition to count.
        thresholds: (Optional) A float or list of floats in [0, 1]; a prediction above a threshold is positive.
            Defaults to `0.5`. With one threshold the result is a scalar, otherwise one count per threshold.
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.
    """

    def __init__(self, confusion_matrix_cond, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._confusion_matrix_cond = confusion_matrix_cond
        self.init_thresholds = thresholds
        self.thresholds = _confusion_matrix.parse_init_thresholds(thresholds, default_threshold=0.5)
        self._thresholds_distributed_evenly = _confusion_matrix.is_evenly_distributed_thresholds(self.thresholds)
        self._thresholds_tensor = _confusion_matrix.thresholds_tensor(self.thresholds, self._device)
        self.accumulator = self.add_variable(shape=(len(self.thresholds),), initializer="zeros", name="accumulator")

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds this batch's weighted count.

        Args:
            y_true: The ground truth values (non-zero is positive).
            y_pred: The predicted values, in [0, 1].
            sample_weight: Optional weights, broadcastable to `y_true`. Defaults to 1.
        """
        _confusion_matrix.update_confusion_matrix_variables(
            {self._confusion_matrix_cond: self.accumulator},
            y_true,
            y_pred,
            thresholds=(self.thresholds, self._thresholds_tensor),
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            sample_weight=sample_weight,
        )

    def result(self):
        value = self.accumulator.detach()
        return value[0].clone() if len(self.thresholds) == 1 else value.clone()

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds}
