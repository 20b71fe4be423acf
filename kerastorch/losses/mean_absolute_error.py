"""`MeanAbsoluteError` and `mean_absolute_error`: the mean of absolute errors, robust to outliers."""

import torch

from kerastorch.losses import _ops
from kerastorch.losses.loss import Loss
from kerastorch.losses.loss import squeeze_or_expand_to_same_rank
from kerastorch.losses.loss_function_wrapper import LossFunctionWrapper


def mean_absolute_error(y_true, y_pred):
    """The mean absolute error over the last axis: `mean(abs(y_true - y_pred), axis=-1)`.

    Args:
        y_true: Ground truth values, shape `(batch_size, d0, ..., dN)`.
        y_pred: Predicted values, same shape.

    Returns:
        The per-sample losses, shape `(batch_size, d0, ..., dN-1)`.
    """
    y_pred = _ops.convert(y_pred)
    y_true = _ops.convert(y_true, y_pred.dtype, y_pred.device)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return _ops.mean(torch.abs(y_true - y_pred), axis=-1)


class MeanAbsoluteError(LossFunctionWrapper):
    """Computes the mean of absolute differences between labels and predictions.

    `loss = mean(abs(y_true - y_pred))`. Every unit of error costs the same, so a few outliers cannot
    dominate the fit; the gradient does not shrink near the optimum, though.

    Args:
        reduction: See `keras.losses.Loss`. Defaults to `"sum_over_batch_size"`.
        name: Optional name for the loss instance. Defaults to `"mean_absolute_error"`.
        dtype: The dtype the loss computes in. Defaults to `keras.backend.floatx()`.

    Example:

    >>> keras.losses.MeanAbsoluteError()([1.0, 0.3, 1.0], [1.9, 0.3, 1.8])
    0.5666667
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)
