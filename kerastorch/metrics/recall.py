"""`Recall`: of the positive labels, the fraction predicted positive."""

import torch

from kerastorch.metrics import _confusion_matrix
from kerastorch.metrics._utils import divide_no_nan
from kerastorch.metrics.metric import Metric


class Recall(Metric):
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

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default_threshold = 0.5 if top_k is None else _confusion_matrix.NEG_INF
        self.thresholds = _confusion_matrix.parse_init_thresholds(thresholds, default_threshold=default_threshold)
        self._thresholds_distributed_evenly = _confusion_matrix.is_evenly_distributed_thresholds(self.thresholds)
        self._thresholds_tensor = _confusion_matrix.thresholds_tensor(self.thresholds, self._device)
        size = (len(self.thresholds),)
        self.true_positives = self.add_variable(shape=size, initializer="zeros", name="true_positives")
        self.false_negatives = self.add_variable(shape=size, initializer="zeros", name="false_negatives")

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Accumulates true positive and false negative counts.

        Args:
            y_true: The ground truth values, with the same dimensions as `y_pred`. Will be cast to `bool`.
            y_pred: The predicted values. Each element must be in the range `[0, 1]`.
            sample_weight: Optional weighting of each example, broadcastable to `y_true`. Defaults to `1`.
        """
        _confusion_matrix.update_confusion_matrix_variables(
            {_confusion_matrix.TRUE_POSITIVES: self.true_positives, _confusion_matrix.FALSE_NEGATIVES: self.false_negatives},
            y_true,
            y_pred,
            thresholds=(self.thresholds, self._thresholds_tensor),
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            top_k=self.top_k,
            class_id=self.class_id,
            sample_weight=sample_weight,
        )

    def result(self):
        tp = self.true_positives.detach()
        value = divide_no_nan(tp, tp + self.false_negatives.detach())
        return value[0] if len(self.thresholds) == 1 else value

    def reset_state(self):
        with torch.no_grad():
            self.true_positives.zero_()
            self.false_negatives.zero_()

    def get_config(self):
        config = {"thresholds": self.init_thresholds, "top_k": self.top_k, "class_id": self.class_id}
        return {**super().get_config(), **config}
