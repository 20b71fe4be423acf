"""`KLDivergence` and `kl_divergence`: the Kullback-Leibler divergence from `y_pred` to `y_true`."""

import torch

from kerastorch.backend import config
from kerastorch.losses import _ops
from kerastorch.losses.loss import Loss
from kerastorch.losses.loss_function_wrapper import LossFunctionWrapper


def kl_divergence(y_true, y_pred):
    """`sum(y_true * log(y_true / y_pred), axis=-1)`, both clipped to `[epsilon, 1]` first.

    Args:
        y_true: True probability distributions.
        y_pred: Predicted probability distributions, same shape.

    Returns:
        The per-sample divergences, shape `(batch_size, d0, ..., dN-1)`.
    """
    y_pred = _ops.convert(y_pred)
    y_true = _ops.convert(y_true, y_pred.dtype, y_pred.device)
    low = _ops.const(config.epsilon(), _ops.floatx_dtype(), y_pred.device)
    high = _ops.const(1, torch.int32, y_pred.device)
    y_true = torch.clip(y_true, low, high)
    y_pred = torch.clip(y_pred, low, high)
    return torch.sum(y_true * torch.log(y_true / y_pred), dim=-1)


class KLDivergence(LossFunctionWrapper):
    """Computes the Kullback-Leibler divergence between `y_true` and `y_pred`.

    `loss = y_true * log(y_true / y_pred)`, summed over the last axis: how many extra nats encoding samples
    of `y_true` costs with a code built for `y_pred`. Both are expected to be probability distributions and
    are clipped to `[epsilon, 1]` so the logarithm stays finite.

    Args:
        reduction: See `keras.losses.Loss`. Defaults to `"sum_over_batch_size"`.
        name: Optional name for the loss instance. Defaults to `"kl_divergence"`.
        dtype: The dtype the loss computes in. Defaults to `keras.backend.floatx()`.
    """

    def __init__(self, reduction="sum_over_batch_size", name="kl_divergence", dtype=None):
        super().__init__(kl_divergence, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)
