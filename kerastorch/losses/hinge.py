"""`Hinge` and `hinge`: the maximum-margin loss of support vector machines, for labels in {-1, 1}."""

import torch

from kerastorch.losses import _ops
from kerastorch.losses.loss import Loss
from kerastorch.losses.loss_function_wrapper import LossFunctionWrapper


def convert_binary_labels_to_hinge(y_true):
    """Maps labels in {0, 1} to {-1, 1}; labels that are not all 0 or 1 are returned unchanged.

    The choice is made on the device with `where`, not with a Python branch on the tensor's values, so it
    costs no host-device synchronization.
    """
    is_binary = torch.all((y_true == 0) | (y_true == 1))
    return torch.where(is_binary, 2.0 * y_true - 1.0, y_true)


def hinge(y_true, y_pred):
    """`mean(maximum(1 - y_true * y_pred, 0), axis=-1)`.

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
    return _ops.mean(torch.maximum(1.0 - y_true * y_pred, zero), axis=-1)


class Hinge(LossFunctionWrapper):
    """Computes the hinge loss between `y_true` and `y_pred`.

    `loss = maximum(1 - y_true * y_pred, 0)`: zero once a score has the right sign with a margin of 1, so
    well-classified samples stop pulling on the model. `y_true` should be -1 or 1; labels given as 0 or 1
    are converted.

    Args:
        reduction: See `keras.losses.Loss`. Defaults to `"sum_over_batch_size"`.
        name: Optional name for the loss instance. Defaults to `"hinge"`.
        dtype: The dtype the loss computes in. Defaults to `keras.backend.floatx()`.
    """

    def __init__(self, reduction="sum_over_batch_size", name="hinge", dtype=None):
        super().__init__(hinge, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)
