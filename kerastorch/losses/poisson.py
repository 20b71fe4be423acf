"""`Poisson` and `poisson`: the negative log-likelihood of counts under a Poisson rate `y_pred`."""

import torch

from kerastorch.backend import config
from kerastorch.losses import _ops
from kerastorch.losses.loss import Loss
from kerastorch.losses.loss_function_wrapper import LossFunctionWrapper


def poisson(y_true, y_pred):
    """`mean(y_pred - y_true * log(y_pred + epsilon), axis=-1)`.

    Args:
        y_true: Observed counts, shape `(batch_size, d0, ..., dN)`.
        y_pred: Predicted rates (non-negative), same shape.

    Returns:
        The per-sample losses, shape `(batch_size, d0, ..., dN-1)`.
    """
    y_pred = _ops.convert(y_pred)
    y_true = _ops.convert(y_true, y_pred.dtype, y_pred.device)
    epsilon = _ops.const(config.epsilon(), y_pred.dtype, y_pred.device)
    return _ops.mean(y_pred - y_true * torch.log(y_pred + epsilon), axis=-1)


class Poisson(LossFunctionWrapper):
    """Computes the Poisson loss between `y_true` and `y_pred`.

    `loss = y_pred - y_true * log(y_pred)`: the Poisson negative log-likelihood up to a constant, for
    targets that are counts of events and predictions that are their expected rates.

    Args:
        reduction: See `keras.losses.Loss`. Defaults to `"sum_over_batch_size"`.
        name: Optional name for the loss instance. Defaults to `"poisson"`.
        dtype: The dtype the loss computes in. Defaults to `keras.backend.floatx()`.
    """

    def __init__(self, reduction="sum_over_batch_size", name="poisson", dtype=None):
        super().__init__(poisson, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)
