"""`FalseNegatives`: the weighted number of false negatives (positive labels predicted negative)."""

from kerastorch.metrics import _confusion_matrix
from kerastorch.metrics.base_confusion_count import _ConfusionMatrixConditionCount


class FalseNegatives(_ConfusionMatrixConditionCount):
    """Calculates the number of false negatives (positive labels predicted negative).

    With `sample_weight`, each sample counts with its weight (a weight of 0 masks it). Predictions are
    positive when above a threshold.

    Args:
        thresholds: (Optional) Defaults to `0.5`. A float value, or a Python list/tuple of float threshold
            values in `[0, 1]`. A threshold is compared with prediction values to determine the truth value of
            predictions (i.e., above the threshold is `True`, below is `False`). With a list, the result has
            one value per threshold.
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.

    Example:

    >>> m = keras.metrics.FalseNegatives()
    >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    """

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(
            confusion_matrix_cond=_confusion_matrix.FALSE_NEGATIVES, thresholds=thresholds, name=name, dtype=dtype
        )
