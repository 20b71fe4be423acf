"""`Dice` and `dice`: one minus the Dice coefficient, the overlap loss of segmentation."""

from kerastorch.backend import config
from kerastorch.losses import _ops
from kerastorch.losses.loss import Loss
from kerastorch.losses.loss_function_wrapper import LossFunctionWrapper


def dice(y_true, y_pred, axis=None):
    """`1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred) + epsilon)`, the sums over `axis`.

    Args:
        y_true: Tensor of true targets.
        y_pred: Tensor of predicted targets.
        axis: The axes summed over; `None` (the default) sums over everything and gives one scalar.

    Returns:
        The Dice loss, one value per remaining index.
    """
    y_pred = _ops.convert(y_pred)
    y_true = _ops.convert(y_true, y_pred.dtype, y_pred.device)
    intersection = _ops.reduce_sum(y_true * y_pred, axis=axis)
    coefficient = (2.0 * intersection) / (
        _ops.reduce_sum(y_true, axis=axis) + _ops.reduce_sum(y_pred, axis=axis) + config.epsilon()
    )
    return 1 - coefficient


class Dice(LossFunctionWrapper):
    """Computes the Dice loss between `y_true` and `y_pred`.

    `loss = 1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred))`: one minus the overlap of the two
    masks, insensitive to how much background there is, hence its use for segmenting small structures.

    Args:
        reduction: See `keras.losses.Loss`. Defaults to `"sum_over_batch_size"`.
        name: Optional name for the loss instance. Defaults to `"dice"`.
        axis: The axes the sums run over, e.g. `(1, 2, 3)` for one loss per image. Defaults to `None`
            (everything, one scalar for the batch).
        dtype: The dtype the loss computes in. Defaults to `keras.backend.floatx()`.

    Example:

    >>> y_true = [[[[1.0], [1.0]], [[0.0], [0.0]]], [[[1.0], [1.0]], [[0.0], [0.0]]]]
    >>> y_pred = [[[[0.0], [1.0]], [[0.0], [1.0]]], [[[0.4], [0.0]], [[0.0], [0.9]]]]
    >>> keras.losses.Dice(axis=(1, 2, 3), reduction=None)(y_true, y_pred)
    array([0.5, 0.75757575])
    """

    def __init__(self, reduction="sum_over_batch_size", name="dice", axis=None, dtype=None):
        super().__init__(dice, name=name, reduction=reduction, dtype=dtype, axis=axis)
        self.axis = axis

    def get_config(self):
        config = Loss.get_config(self)
        config.update({"axis": self.axis})
        return config
