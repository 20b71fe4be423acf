"""`R2Score`: the coefficient of determination of a regression, per output or aggregated."""

import torch

from kerastorch.metrics._utils import squeeze_or_expand_to_same_rank
from kerastorch.metrics._utils import to_tensor
from kerastorch.metrics.metric import Metric


class R2Score(Metric):
    """Computes R2 score.

    `R^2 = 1 - SS_res / SS_tot`: the fraction of the targets' variance the predictions explain. 1 is a perfect
    fit, 0 is no better than predicting the mean, and it is negative when worse. Sums are accumulated per
    output, so the score is exact over all batches. Inputs are `(batch_size, num_outputs)`.

    With `num_regressors > 0`, the adjusted R2 is returned:
    `1 - (1 - R^2) * (n - 1) / (n - p - 1)`, with `n` the number of values seen and `p` the regressors.
    When `p >= n - 1` the adjustment is undefined and the plain R2 is returned (Keras also warns there; the
    check here is a tensor select, so `result()` stays free of host syncs and does not warn).

    Args:
        class_aggregation: Specifies how to aggregate scores corresponding to different output classes (or
            target dimensions), i.e. different dimensions on the last axis of the predictions. Equivalent to
            `multioutput` argument in Scikit-Learn. Should be one of `None` (no aggregation),
            `"uniform_average"`, `"variance_weighted_average"`.
        num_regressors: Number of independent regressors used ("Adjusted R2" score). 0 is the standard R2
            score. Defaults to `0`.
        name: Optional. string name of the metric instance.
        dtype: Optional. data type of the metric result.

    Example:

    >>> y_true = np.array([[1], [4], [3]], dtype=np.float32)
    >>> y_pred = np.array([[2], [4], [4]], dtype=np.float32)
    >>> metric = keras.metrics.R2Score()
    >>> metric.update_state(y_true, y_pred)
    >>> float(metric.result())
    0.57142854
    """

    def __init__(self, class_aggregation="uniform_average", num_regressors=0, name="r2_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        valid_class_aggregation_values = (None, "uniform_average", "variance_weighted_average")
        if class_aggregation not in valid_class_aggregation_values:
            raise ValueError(
                "Invalid value for argument `class_aggregation`. Expected one of "
                f"{valid_class_aggregation_values}. Received: class_aggregation={class_aggregation}"
            )
        if num_regressors < 0:
            raise ValueError(
                f"Invalid value for argument `num_regressors`. Expected a value >= 0. Received: num_regressors={num_regressors}"
            )
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.num_samples = self.add_variable(shape=(), initializer="zeros", name="num_samples")
        self._built = False

    def _build(self, y_true_shape, y_pred_shape):
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                "R2Score expects 2D inputs with shape (batch_size, output_dim). Received: "
                f"y_pred.shape={tuple(y_pred_shape)}, y_true.shape={tuple(y_true_shape)}"
            )
        num_classes = y_pred_shape[-1]
        self.squared_sum = self.add_variable(name="squared_sum", shape=(num_classes,), initializer="zeros")
        self.sum = self.add_variable(name="sum", shape=(num_classes,), initializer="zeros")
        self.total_mse = self.add_variable(name="residual", shape=(num_classes,), initializer="zeros")
        self.count = self.add_variable(name="count", shape=(num_classes,), initializer="zeros")
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Accumulates root mean squared error statistics.

        Args:
            y_true: The ground truth values, `(batch_size, num_outputs)`.
            y_pred: The predicted values, `(batch_size, num_outputs)`.
            sample_weight: Optional weighting of each example, of shape `(batch_size,)` or broadcastable to
                `y_true`. Defaults to `1`.
        """
        y_true = to_tensor(y_true, self.dtype, device=self._device)
        y_pred = to_tensor(y_pred, self.dtype, device=self._device)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        if not self._built:
            self._build(y_true.shape, y_pred.shape)
        if sample_weight is None:
            sample_weight = torch.ones_like(y_true)
        else:
            sample_weight = to_tensor(sample_weight, self.dtype, device=self._device)
            if sample_weight.dim() == 1:
                # One weight per sample: give it the outputs axis.
                sample_weight = sample_weight.unsqueeze(1)
            sample_weight = torch.broadcast_to(sample_weight, y_true.shape).to(y_true.dtype)
        weighted_y_true = y_true * sample_weight
        with torch.no_grad():
            self.sum.add_(weighted_y_true.sum(dim=0))
            self.squared_sum.add_((y_true * weighted_y_true).sum(dim=0))
            self.total_mse.add_((torch.square(y_true - y_pred) * sample_weight).sum(dim=0))
            self.count.add_(sample_weight.sum(dim=0))
            self.num_samples.add_(y_true.numel())

    def result(self):
        mean = self.sum / self.count
        total = self.squared_sum - self.sum * mean
        raw_scores = 1 - (self.total_mse / total)
        raw_scores = torch.where(torch.isinf(raw_scores), torch.zeros_like(raw_scores), raw_scores)
        if self.class_aggregation == "uniform_average":
            r2_score = raw_scores.mean()
        elif self.class_aggregation == "variance_weighted_average":
            r2_score = (total * raw_scores).sum() / total.sum()
        else:
            r2_score = raw_scores
        r2_score = r2_score.detach()
        if self.num_regressors != 0:
            n = self.num_samples.detach().to(torch.float32)
            p = float(self.num_regressors)
            adjusted = 1.0 - (1.0 - r2_score) * (n - 1.0) / (n - p - 1.0)
            r2_score = torch.where(p < n - 1, adjusted, r2_score)
        return r2_score

    def get_config(self):
        config = {
            "name": self.name,
            "dtype": self.dtype,
            "class_aggregation": self.class_aggregation,
            "num_regressors": self.num_regressors,
        }
        return {**super().get_config(), **config}
