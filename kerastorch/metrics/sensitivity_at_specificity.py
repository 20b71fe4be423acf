"""`SensitivityAtSpecificity`: the best sensitivity (recall) where specificity is at least a given value."""

from kerastorch.metrics._utils import divide_no_nan
from kerastorch.metrics.base_sensitivity_specificity import SensitivitySpecificityBase


class SensitivityAtSpecificity(SensitivitySpecificityBase):
    """Computes the best sensitivity (recall) where specificity is at least a given value.

    Counts are accumulated at `num_thresholds` evenly spaced thresholds; the result is the best value found
    among the thresholds that satisfy the constraint (0 when none does). More thresholds give a finer search.
    Sensitivity is `tp / (tp + fn)`, specificity `tn / (tn + fp)`.

    Args:
        specificity: A scalar value in range `[0, 1]`.
        num_thresholds: (Optional) Defaults to 200. The number of thresholds to use for matching the given
            specificity.
        class_id: (Optional) Integer class ID for which we want binary metrics. This must be in the half-open
            interval `[0, num_classes)`, where `num_classes` is the last dimension of predictions.
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.
    """

    def __init__(self, specificity, num_thresholds=200, class_id=None, name=None, dtype=None):
        if specificity < 0 or specificity > 1:
            raise ValueError(f"Argument `specificity` must be in the range [0, 1]. Received: specificity={specificity}")
        self.specificity = specificity
        self.num_thresholds = num_thresholds
        super().__init__(value=specificity, num_thresholds=num_thresholds, class_id=class_id, name=name, dtype=dtype)

    def result(self):
        tp, fp, tn, fn = self._counts()
        return self._find_max_under_constraint(divide_no_nan(tn, tn + fp), divide_no_nan(tp, tp + fn))

    def get_config(self):
        return {**super().get_config(), "num_thresholds": self.num_thresholds, "specificity": self.specificity}
