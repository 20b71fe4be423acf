"""`FBetaScore`: the weighted harmonic mean of precision and recall, per class or averaged."""

import torch

from kerastorch.backend import config
from kerastorch.metrics._utils import to_tensor
from kerastorch.metrics.metric import Metric


class FBetaScore(Metric):
    """Computes F-Beta score.

    `F_beta = (1 + beta^2) * precision * recall / (beta^2 * precision + recall)`: `beta > 1` favours recall,
    `beta < 1` precision. Works on multi-class and multi-label data of shape `(batch_size, num_classes)`.
    True/false positives and false negatives are accumulated per class (or in total for `"micro"`), so the
    score is exact over all batches, not an average of per-batch scores.

    Args:
        average: Type of averaging to be performed across per-class results in the multi-class case. One of
            `None` (the default; one score per class), `"micro"` (counts pooled over classes), `"macro"`
            (unweighted mean of the class scores) or `"weighted"` (mean weighted by each class's number of
            true instances).
        beta: Determines the weight given to recall in the harmonic mean between precision and recall. A
            Python float > 0. Defaults to `1.0`.
        threshold: Elements of `y_pred` greater than `threshold` are converted to be 1, and the rest 0. If
            `None` (the default), the arg-max of each row becomes 1 and the rest 0.
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.

    Returns:
        F-Beta Score: float, or one float per class when `average=None`.

    Example:

    >>> metric = keras.metrics.FBetaScore(beta=2.0, threshold=0.5)
    >>> metric.update_state([[1, 1, 1], [1, 0, 0], [1, 1, 0]],
    ...                     [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]])
    """

    def __init__(self, average=None, beta=1.0, threshold=None, name="fbeta_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        if average not in (None, "micro", "macro", "weighted"):
            raise ValueError(
                "Invalid `average` argument value. Expected one of: {None, 'micro', 'macro', 'weighted'}. "
                f"Received: average={average}"
            )
        if not isinstance(beta, float):
            raise ValueError(
                f"Invalid `beta` argument value. It should be a Python float. Received: beta={beta} of type '{type(beta)}'"
            )
        if beta <= 0.0:
            raise ValueError(f"Invalid `beta` argument value. It should be > 0. Received: beta={beta}")
        if threshold is not None:
            if not isinstance(threshold, float):
                raise ValueError(
                    "Invalid `threshold` argument value. It should be a Python float. "
                    f"Received: threshold={threshold} of type '{type(threshold)}'"
                )
            if threshold > 1.0 or threshold <= 0.0:
                raise ValueError(
                    f"Invalid `threshold` argument value. It should verify 0 < threshold <= 1. Received: threshold={threshold}"
                )
        self.average = average
        self.beta = beta
        self.threshold = threshold
        # Counts are kept per class unless micro-averaging pools them.
        self.axis = None if average == "micro" else 0
        self._built = False

    def _build(self, y_true_shape, y_pred_shape):
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                "FBetaScore expects 2D inputs with shape (batch_size, output_dim). Received: "
                f"y_pred.shape={tuple(y_pred_shape)}, y_true.shape={tuple(y_true_shape)}"
            )
        shape = () if self.average == "micro" else (y_pred_shape[-1],)
        self.true_positives = self.add_variable(shape=shape, initializer="zeros", dtype=self.dtype, name="true_positives")
        self.false_positives = self.add_variable(shape=shape, initializer="zeros", dtype=self.dtype, name="false_positives")
        self.false_negatives = self.add_variable(shape=shape, initializer="zeros", dtype=self.dtype, name="false_negatives")
        self.intermediate_weights = self.add_variable(
            shape=shape, initializer="zeros", dtype=self.dtype, name="intermediate_weights"
        )
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = to_tensor(y_true, self.dtype, device=self._device)
        y_pred = to_tensor(y_pred, self.dtype, device=self._device)
        if not self._built:
            self._build(y_true.shape, y_pred.shape)
        if self.threshold is None:
            # The row maximum becomes 1; `abs > 1e-9` keeps an all-zero row from becoming all ones.
            row_max = torch.amax(y_pred, dim=-1, keepdim=True)
            y_pred = torch.logical_and(y_pred >= row_max, torch.abs(y_pred) > 1e-9)
        else:
            y_pred = y_pred > self.threshold
        y_pred = y_pred.to(y_true.dtype)
        if sample_weight is not None:
            sample_weight = to_tensor(sample_weight, self.dtype, device=self._device).unsqueeze(1)

        def weighted_sum(values):
            if sample_weight is not None:
                values = values * sample_weight
            return values.sum() if self.axis is None else values.sum(dim=self.axis)

        with torch.no_grad():
            self.true_positives.add_(weighted_sum(y_pred * y_true))
            self.false_positives.add_(weighted_sum(y_pred * (1 - y_true)))
            self.false_negatives.add_(weighted_sum((1 - y_pred) * y_true))
            self.intermediate_weights.add_(weighted_sum(y_true))

    def result(self):
        epsilon = config.epsilon()
        tp = self.true_positives.detach()
        precision = tp / (tp + self.false_positives.detach() + epsilon)
        recall = tp / (tp + self.false_negatives.detach() + epsilon)
        beta_squared = self.beta**2
        f_score = (precision * recall) / (beta_squared * precision + recall + epsilon) * (1 + beta_squared)
        if self.average == "weighted":
            weights = self.intermediate_weights.detach()
            weights = weights / (weights.sum() + epsilon)
            return (f_score * weights).sum()
        if self.average is not None:
            return f_score.mean()
        return f_score

    def reset_state(self):
        if self._built:
            super().reset_state()

    def get_config(self):
        config = {
            "name": self.name,
            "dtype": self.dtype,
            "average": self.average,
            "beta": self.beta,
            "threshold": self.threshold,
        }
        return {**super().get_config(), **config}
