"""`LogCosh` and `log_cosh`: the logarithm of the hyperbolic cosine of the prediction error."""

import functools

import torch

from kerastorch.backend import config
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.losses import _ops
from kerastorch.losses.loss import Loss
from kerastorch.losses.loss import squeeze_or_expand_to_same_rank
from kerastorch.losses.loss_function_wrapper import LossFunctionWrapper


@functools.lru_cache(maxsize=8)
def _log2(floatx):
    # Keras computes log(2) in floatx and then casts it, so a float64 loss still uses the float32 value.
    return float(torch.log(torch.tensor(2.0, dtype=to_torch_dtype(floatx))))


def log_cosh(y_true, y_pred):
    """`mean(log(cosh(y_pred - y_true)), axis=-1)`, computed as `x + softplus(-2x) - log(2)` so large errors
    do not overflow `cosh`.

    Args:
        y_true: Ground truth values, shape `(batch_size, d0, ..., dN)`.
        y_pred: Predicted values, same shape.

    Returns:
        The per-sample losses, shape `(batch_size, d0, ..., dN-1)`.
    """
    y_pred = _ops.convert(y_pred)
    y_true = _ops.convert(y_true, y_pred.dtype, y_pred.device)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    log2 = _ops.const(_log2(config.floatx()), y_pred.dtype, y_pred.device)
    x = y_pred - y_true
    return _ops.mean(x + torch.nn.functional.softplus(x * -2.0) - log2, axis=-1)


class LogCosh(LossFunctionWrapper):
    """Computes the logarithm of the hyperbolic cosine of the prediction error.

    `log(cosh(x))` is about `x**2 / 2` for small errors and `abs(x) - log(2)` for large ones: like the mean
    squared error near the target, but not dominated by an occasional wildly wrong prediction, and twice
    differentiable everywhere (unlike `Huber`).

    Args:
        reduction: See `keras.losses.Loss`. Defaults to `"sum_over_batch_size"`.
        name: Optional name for the loss instance. Defaults to `"log_cosh"`.
        dtype: The dtype the loss computes in. Defaults to `keras.backend.floatx()`.
    """

    def __init__(self, reduction="sum_over_batch_size", name="log_cosh", dtype=None):
        super().__init__(log_cosh, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)
