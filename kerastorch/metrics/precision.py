"""`Precision`: of the predictions called positive, the fraction that are positive."""

from kerastorch.metrics import _confusion_matrix
from kerastorch.metrics.base_precision_recall import BasePrecisionRecall


class Precision(BasePrecisionRecall):
    """Computes the precision of the predictions with respect to the labels.

    Precision is `true_positives / (true_positives + false_positives)`, accumulated over batches (0 when
    nothing was predicted positive). With `top_k`, only the `k` highest scores of each row can be positive;
    with `class_id`, only that class (column) is scored.

    Args:
        thresholds: (Optional) A float value, or a Python list/tuple of float threshold values in `[0, 1]`. A
            prediction above a threshold is positive. One result per threshold when a list is given. Defaults
            to `0.5` when `top_k` is unset, else to no threshold (every top-k prediction is positive).
        top_k: (Optional) Unset by default. An int value specifying the top-k predictions to consider when
            calculating precision.
        class_id: (Optional) Integer class ID for which we want binary metrics. This must be in the half-open
            interval `[0, num_classes)`, where `num_classes` is the last dimension of predictions.
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.

    Example:

    >>> m = keras.metrics.Precision()
    >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> float(m.result())  # 2 true positives, 1 false positive
    0.6666666...
    """

    _other_count = "false_positives"
    _other_kind = _confusion_matrix.FALSE_POSITIVES
