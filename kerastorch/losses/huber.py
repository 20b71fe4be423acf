"""`Huber` and `huber`: quadratic for small errors, linear for large ones."""

import torch

from kerastorch.losses import _ops
from kerastorch.losses.loss import Loss
from kerastorch.losses.loss import squeeze_or_expand_to_same_rank
from kerastorch.losses.loss_function_wrapper import LossFunctionWrapper


def huber(y_true, y_pred, delta=1.0):
    """The Huber loss, averaged over the last axis.

    For each error `x = y_pred - y_true`: `0.5 * x**2` if `abs(x) <= delta`, else
    `delta * abs(x) - 0.5 * delta**2`.

    Args:
        y_true: Tensor of true targets.
        y_pred: Tensor of predicted targets.
        delta: Where the loss changes from quadratic to linear. Defaults to `1.0`.

    Returns:
        The per-sample losses, shape `(batch_size, d0, ..., dN-1)`.
    """
    y_pred = _ops.convert(y_pred)
    y_true = _ops.convert(y_true, y_pred.dtype, y_pred.device)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    delta = _ops.convert(delta, y_pred.dtype, y_pred.device)
    error = torch.subtract(y_pred, y_true)
    abs_error = torch.abs(error)
    half = _ops.const(0.5, abs_error.dtype, abs_error.device)
    per_element = torch.where(
        abs_error <= delta, half * torch.square(error), delta * abs_error - half * torch.square(delta)
    )
    return _ops.mean(per_element, axis=-1)


class Huber(LossFunctionWrapper):
    """Computes the Huber loss between `y_true` and `y_pred`.

    Squared error near the target (smooth gradients close to the optimum) and absolute error beyond
    `delta` (outliers pull only linearly). See [Huber loss](https://en.wikipedia.org/wiki/Huber_loss).

    Args:
        delta: A float, the point where the loss changes from quadratic to linear. Defaults to `1.0`.
        reduction: See `keras.losses.Loss`. Defaults to `"sum_over_batch_size"`.
        name: Optional name for the loss instance. Defaults to `"huber_loss"`.
        dtype: The dtype the loss computes in. Defaults to `keras.backend.floatx()`.

    Note: as in Keras, `get_config()` does not include `delta`.
    """

    def __init__(self, delta=1.0, reduction="sum_over_batch_size", name="huber_loss", dtype=None):
        super().__init__(huber, name=name, reduction=reduction, dtype=dtype, delta=delta)

    def get_config(self):
        return Loss.get_config(self)
