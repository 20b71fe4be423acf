"""`FalsePositives`: the weighted number of false positives (negative labels predicted positive)."""

from kerastorch.metrics import _confusion_matrix
from kerastorch.metrics.base_confusion_count import _ConfusionMatrixConditionCount


class FalsePositives(_ConfusionMatrixConditionCount):
    """Calculates the number of false positives (negative labels predicted positive).

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

    >>> m = keras.metrics.FalsePositives()
    >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    """

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(
            confusion_matrix_cond=_confusion_matrix.FALSE_POSITIVES, thresholds=thresholds, name=name, dtype=dtype
        )
