"""`CategoricalGeneralizedCrossEntropy` and `categorical_generalized_cross_entropy`: a crossentropy that is
robust to noisy labels (Zhang & Sabuncu, 2018)."""

import torch

from kerastorch.losses import _ops
from kerastorch.losses.loss import Loss
from kerastorch.losses.loss_function_wrapper import LossFunctionWrapper


def categorical_generalized_cross_entropy(y_true, y_pred, q):
    """`(1 - p ** q) / q`, with `p` the probability predicted for the true class.

    Args:
        y_true: Integer class indices, shape `(batch_size,)` or `(batch_size, 1)`.
        y_pred: Predicted class probabilities, shape `(batch_size, num_classes)`.
        q: The noise parameter in (0, 1): near 0 it behaves like crossentropy, near 1 like mean absolute
            error.

    Returns:
        The per-sample losses, shape `(batch_size,)`.
    """
    y_pred = _ops.convert(y_pred)
    y_true = _ops.convert(y_true, device=y_pred.device).to(torch.long)
    # Keras documents (batch_size, 1) labels but broadcasts them into a (batch_size, batch_size) result;
    # dropping the trailing axis gives the documented per-sample losses.
    if y_true.dim() == y_pred.dim() and y_true.shape[-1] == 1:
        y_true = y_true.squeeze(-1)
    # One-hot by comparison rather than gather: negative labels pick no class (p = 0), as Keras's one_hot.
    classes = torch.arange(y_pred.shape[-1], device=y_pred.device)
    one_hot = (y_true.unsqueeze(-1) == classes).to(y_pred.dtype)
    p = torch.sum(y_pred * one_hot, dim=-1)
    return (1 - torch.pow(p, _ops.scalar_operand(q, y_pred.device))) / q


class CategoricalGeneralizedCrossEntropy(LossFunctionWrapper):
    """Computes the Generalized Cross Entropy loss between integer labels and predicted probabilities.

    `loss = (1 - p ** q) / q`, where `p` is the probability given to the true class. It interpolates between
    crossentropy (q -> 0), which fits noisy labels too eagerly, and mean absolute error (q = 1), which is
    robust but slow to train ([Zhang & Sabuncu, 2018](https://arxiv.org/abs/1805.07836)).

    Args:
        q: The noise parameter, in (0, 1). Defaults to `0.5`.
        reduction: See `keras.losses.Loss`. Defaults to `"sum_over_batch_size"`.
        name: Optional name for the loss instance. Defaults to `"categorical_generalized_cross_entropy"`.
        dtype: The dtype the loss computes in. Defaults to `keras.backend.floatx()`.
    """

    def __init__(
        self, q=0.5, reduction="sum_over_batch_size", name="categorical_generalized_cross_entropy", dtype=None
    ):
        if isinstance(q, bool) or not isinstance(q, (int, float)) or not 0 < q < 1:
            raise ValueError(f"`q` must be in the interval (0, 1). Received: q={q!r}")
        super().__init__(categorical_generalized_cross_entropy, name=name, reduction=reduction, dtype=dtype, q=q)
        self.q = q

    def get_config(self):
        config = Loss.get_config(self)
        config.update({"q": self.q})
        return config
