"""`Tversky` and `tversky`: a Dice loss with separate weights for false positives and false negatives."""

from kerastorch.backend import config
from kerastorch.losses import _ops
from kerastorch.losses.loss import Loss
from kerastorch.losses.loss_function_wrapper import LossFunctionWrapper


def tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None):
    """`1 - TP / (TP + alpha * FP + beta * FN + epsilon)`, with soft counts summed over `axis`.

    Args:
        y_true: Tensor of true targets.
        y_pred: Tensor of predicted targets.
        alpha: The weight of false positives. Defaults to `0.5`.
        beta: The weight of false negatives. Defaults to `0.5`.
        axis: The axes summed over; `None` (the default) sums over everything.

    Returns:
        The Tversky loss, one value per remaining index.
    """
    y_pred = _ops.convert(y_pred)
    y_true = _ops.convert(y_true, y_pred.dtype, y_pred.device)
    intersection = _ops.reduce_sum(y_true * y_pred, axis=axis)
    # Keras's names, kept so the weights read the same: the false-positive sum runs over (1 - y_pred) * y_true.
    fp = _ops.reduce_sum((1 - y_pred) * y_true, axis=axis)
    fn = _ops.reduce_sum(y_pred * (1 - y_true), axis=axis)
    index = intersection / (intersection + fp * alpha + fn * beta + config.epsilon())
    return 1 - index


class Tversky(LossFunctionWrapper):
    """Computes the Tversky loss between `y_true` and `y_pred`.

    A Dice loss whose false positives and false negatives are weighted by `alpha` and `beta`, to trade
    precision against recall in segmentation ([Salehi et al., 2017](https://arxiv.org/abs/1706.05721)).
    With `alpha = beta = 0.5` it equals the Dice loss.

    Args:
        alpha: The coefficient of false positives. Defaults to `0.5`.
        beta: The coefficient of false negatives. Defaults to `0.5`.
        reduction: See `keras.losses.Loss`. Defaults to `"sum_over_batch_size"`.
        name: Optional name for the loss instance. Defaults to `"tversky"`.
        axis: The axes the sums run over. Defaults to `None` (everything).
        dtype: The dtype the loss computes in. Defaults to `keras.backend.floatx()`.
    """

    def __init__(self, alpha=0.5, beta=0.5, reduction="sum_over_batch_size", name="tversky", axis=None, dtype=None):
        super().__init__(tversky, name=name, reduction=reduction, dtype=dtype, alpha=alpha, beta=beta, axis=axis)
        self.alpha = alpha
        self.beta = beta
        self.axis = axis

    def get_config(self):
        config = Loss.get_config(self)
        config.update({"alpha": self.alpha, "beta": self.beta, "axis": self.axis})
        return config
