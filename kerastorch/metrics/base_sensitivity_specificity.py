"""The base of SensitivityAtSpecificity, SpecificityAtSensitivity, PrecisionAtRecall and RecallAtPrecision:
the full confusion matrix at evenly spaced thresholds, searched at `result()` time."""

import torch

from kerastorch.metrics import _confusion_matrix
from kerastorch.metrics.metric import Metric


class SensitivitySpecificityBase(Metric):
    """Accumulates true/false positives/negatives at `num_thresholds` thresholds spread over [0, 1].

    Subclasses read, in `result()`, the best value of one rate among the thresholds where another rate meets a
    constraint (`_find_max_under_constraint`).

    Args:
        value: The constraint's target value, in [0, 1].
        num_thresholds: (Optional) Number of thresholds; 1 means the single threshold 0.5. Defaults to `200`.
        class_id: (Optional) Integer class ID to score alone, in `[0, num_classes)`.
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.
    """

    def __init__(self, value, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        if num_thresholds <= 0:
            raise ValueError(f"Argument `num_thresholds` must be an integer > 0. Received: num_thresholds={num_thresholds}")
        self.value = value
        self.class_id = class_id
        if num_thresholds == 1:
            self.thresholds = [0.5]
            self._thresholds_distributed_evenly = False
        else:
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self.thresholds = [0.0] + inner + [1.0]
            self._thresholds_distributed_evenly = True
        self._thresholds_tensor = _confusion_matrix.thresholds_tensor(self.thresholds, self._device)
        size = (len(self.thresholds),)
        self.true_positives = self.add_variable(shape=size, initializer="zeros", name="true_positives")
        self.false_positives = self.add_variable(shape=size, initializer="zeros", name="false_positives")
        self.true_negatives = self.add_variable(shape=size, initializer="zeros", name="true_negatives")
        self.false_negatives = self.add_variable(shape=size, initializer="zeros", name="false_negatives")

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Accumulates confusion matrix statistics.

        Args:
            y_true: The ground truth values (non-zero is positive).
            y_pred: The predicted values, in `[0, 1]`.
            sample_weight: Optional weights, broadcastable to `y_true`. Defaults to `1`.
        """
        _confusion_matrix.update_confusion_matrix_variables(
            {
                _confusion_matrix.TRUE_POSITIVES: self.true_positives,
                _confusion_matrix.TRUE_NEGATIVES: self.true_negatives,
                _confusion_matrix.FALSE_POSITIVES: self.false_positives,
                _confusion_matrix.FALSE_NEGATIVES: self.false_negatives,
            },
            y_true,
            y_pred,
            thresholds=(self.thresholds, self._thresholds_tensor),
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            class_id=self.class_id,
            sample_weight=sample_weight,
        )

    def reset_state(self):
        with torch.no_grad():
            for variable in (self.true_positives, self.false_positives, self.true_negatives, self.false_negatives):
                variable.zero_()

    def get_config(self):
        return {**super().get_config(), "class_id": self.class_id}

    def _counts(self):
        return (
            self.true_positives.detach(),
            self.false_positives.detach(),
            self.true_negatives.detach(),
            self.false_negatives.detach(),
        )

    def _find_max_under_constraint(self, constrained, dependent):
        """The largest `dependent` over thresholds where `constrained >= value`; 0 when none qualifies."""
        feasible = torch.ge(constrained, self.value)
        return torch.clamp(torch.max(torch.where(feasible, dependent, torch.zeros_like(dependent))), min=0.0)
