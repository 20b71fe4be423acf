"""`SquaredHinge` and `squared_hinge`: the hinge loss squared, smooth at the margin."""

import torch

from kerastorch.losses import _ops
from kerastorch.losses.hinge import convert_binary_labels_to_hinge
from kerastorch.losses.loss import Loss
from kerastorch.losses.loss_function_wrapper import LossFunctionWrapper


def squared_hinge(y_true, y_pred):
    """`mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1)`.

    Args:
        y_true: Labels in {-1, 1} (labels in {0, 1} are converted), shape `(batch_size, d0, ..., dN)`.
        y_pred: Predicted scores, same shape.

    Returns:
        The per-sample losses, shape `(batch_size, d0, ..., dN-1)`.
    """
    y_pred = _ops.convert(y_pred)
    y_true = _ops.convert(y_true, y_pred.dtype, y_pred.device)
    y_true = convert_binary_labels_to_hinge(y_true)
    zero = _ops.const(0.0, y_pred.dtype, y_pred.device)
    return _ops.mean(torch.square(torch.maximum(1.0 - y_true * y_pred, zero)), axis=-1)


class SquaredHinge(LossFunctionWrapper):
    """Computes the squared hinge loss between `y_true` and `y_pred`.

    `loss = square(maximum(1 - y_true * y_pred, 0))`: like `Hinge`, but with a gradient that vanishes
    smoothly at the margin and punishes large violations more. `y_true` should be -1 or 1; labels given as
    0 or 1 are converted.

    Args:
        reduction: See `keras.losses.Loss`. Defaults to `"sum_over_batch_size"`.
        name: Optional name for the loss instance. Defaults to `"squared_hinge"`.
        dtype: The dtype the loss computes in. Defaults to `keras.backend.floatx()`.
    """

    def __init__(self, reduction="sum_over_batch_size", name="squared_hinge", dtype=None):
        super().__init__(squared_hinge, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)
