"""`MeanSquaredLogarithmicError` and `mean_squared_logarithmic_error`: squared errors of `log(1 + x)`."""

import torch

from kerastorch.backend import config
from kerastorch.losses import _ops
from kerastorch.losses.loss import Loss
from kerastorch.losses.loss import squeeze_or_expand_to_same_rank
from kerastorch.losses.loss_function_wrapper import LossFunctionWrapper


def mean_squared_logarithmic_error(y_true, y_pred):
    """`mean(square(log(y_true + 1) - log(y_pred + 1)), axis=-1)`.

    Values below `keras.backend.epsilon()` (zero and negatives) are replaced by it before the log.

    Args:
        y_true: Ground truth values, shape `(batch_size, d0, ..., dN)`.
        y_pred: Predicted values, same shape.

    Returns:
        The per-sample losses, shape `(batch_size, d0, ..., dN-1)`.
    """
    y_pred = _ops.convert(y_pred)
    y_true = _ops.convert(y_true, y_pred.dtype, y_pred.device)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    # Keras's epsilon here is a floatx tensor, so half-precision inputs are computed in float32 from here on.
    epsilon = _ops.const(config.epsilon(), _ops.floatx_dtype(), y_pred.device)
    dtype = torch.promote_types(y_pred.dtype, epsilon.dtype)
    first_log = torch.log(torch.maximum(y_pred.to(dtype), epsilon.to(dtype)) + 1.0)
    second_log = torch.log(torch.maximum(y_true.to(dtype), epsilon.to(dtype)) + 1.0)
    return _ops.mean(torch.square(first_log - second_log), axis=-1)


class MeanSquaredLogarithmicError(LossFunctionWrapper):
    """Computes the mean squared logarithmic error between `y_true` and `y_pred`.

    `loss = mean(square(log(y_true + 1) - log(y_pred + 1)))`: relative errors on non-negative targets, with
    under-prediction costing more than over-prediction by the same amount.

    Args:
        reduction: See `keras.losses.Loss`. Defaults to `"sum_over_batch_size"`.
        name: Optional name for the loss instance. Defaults to `"mean_squared_logarithmic_error"`.
        dtype: The dtype the loss computes in. Defaults to `keras.backend.floatx()`.
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(mean_squared_logarithmic_error, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)
