"""`Recall`: of the positive labels, the fraction predicted positive."""

from kerastorch.metrics import _confusion_matrix
from kerastorch.metrics.base_precision_recall import BasePrecisionRecall


class Recall(BasePrecisionRecall):
    """Computes the recall of the predictions with respect to the labels.

    Recall is `true_positives / (true_positives + false_negatives)`, accumulated over batches (0 when
    there were no positive labels). With `top_k`, only the `k` highest scores of each row can be positive;
    with `class_id`, only that class (column) is scored.

    Args:
        thresholds: (Optional) A float value, or a Python list/tuple of float threshold values in `[0, 1]`. A
            prediction above a threshold is positive. One result per threshold when a list is given. Defaults
            to `0.5` when `top_k` is unset, else to no threshold (every top-k prediction is positive).
        top_k: (Optional) Unset by default. An int value specifying the top-k predictions to consider when
            calculating recall.
        class_id: (Optional) Integer class ID for which we want binary metrics. This must be in the half-open
            interval `[0, num_classes)`, where `num_classes` is the last dimension of predictions.
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.

    Example:

    >>> m = keras.metrics.Recall()
    >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> float(m.result())  # 2 true positives, 1 false negative
    0.6666666...
    """

    _other_count = "false_negatives"
    _other_kind = _confusion_matrix.FALSE_NEGATIVES
