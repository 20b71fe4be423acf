"""The base of Precision and Recall: true positives over true positives plus one other confusion count,
per threshold, accumulated over batches."""

import torch

from kerastorch.metrics import _confusion_matrix
from kerastorch.metrics._utils import divide_no_nan
from kerastorch.metrics.metric import Metric


class BasePrecisionRecall(Metric):
    """`true_positives / (true_positives + <other>)`; subclasses name `<other>` in `_other_count`
    (`"false_positives"` for Precision, `"false_negatives"` for Recall)."""

    _other_count = None
    _other_kind = None

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
        setattr(self, self._other_count, self.add_variable(shape=size, initializer="zeros", name=self._other_count))

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Accumulates the true positive count and the other count.

        Args:
            y_true: The ground truth values, with the same dimensions as `y_pred`. Will be cast to `bool`.
            y_pred: The predicted values. Each element must be in the range `[0, 1]`.
            sample_weight: Optional weighting of each example, broadcastable to `y_true`. Defaults to `1`.
        """
        _confusion_matrix.update_confusion_matrix_variables(
            {_confusion_matrix.TRUE_POSITIVES: self.true_positives, self._other_kind: getattr(self, self._other_count)},
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
        value = divide_no_nan(tp, tp + getattr(self, self._other_count).detach())
        return value[0] if len(self.thresholds) == 1 else value

    def reset_state(self):
        with torch.no_grad():
            self.true_positives.zero_()
            getattr(self, self._other_count).zero_()

    def get_config(self):
        config = {"thresholds": self.init_thresholds, "top_k": self.top_k, "class_id": self.class_id}
        return {**super().get_config(), **config}
