"""`CosineSimilarity` and `cosine_similarity`: the negative cosine of the angle between target and prediction."""

import torch

from kerastorch.backend import config
from kerastorch.losses import _ops
from kerastorch.losses.loss import Loss
from kerastorch.losses.loss import squeeze_or_expand_to_same_rank
from kerastorch.losses.loss_function_wrapper import LossFunctionWrapper


def _l2_normalize(x, axis):
    # x * rsqrt(sum(x^2)), the reciprocal norm capped at 1/epsilon so a zero vector stays zero.
    if x.dim() == 0:
        x = x.unsqueeze(0)
    square_sum = _ops.reduce_sum(torch.square(x), axis=axis, keepdims=True)
    inv_norm = torch.rsqrt(square_sum)
    inv_norm = torch.minimum(inv_norm, _ops.const(1.0 / config.epsilon(), inv_norm.dtype, inv_norm.device))
    return x * inv_norm


def cosine_similarity(y_true, y_pred, axis=-1):
    """`-sum(l2_normalize(y_true) * l2_normalize(y_pred), axis=axis)`.

    Args:
        y_true: Tensor of true targets.
        y_pred: Tensor of predicted targets.
        axis: The axis along which the similarity is computed. Defaults to `-1`.

    Returns:
        The per-sample losses, in `[-1, 1]`; 0 when either vector is zero.
    """
    y_pred = _ops.convert(y_pred)
    y_true = _ops.convert(y_true, y_pred.dtype, y_pred.device)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    y_pred = _l2_normalize(y_pred, axis)
    y_true = _l2_normalize(y_true, axis)
    return -_ops.reduce_sum(y_true * y_pred, axis=axis)


class CosineSimilarity(LossFunctionWrapper):
    """Computes the cosine similarity between `y_true` and `y_pred`, negated so that minimizing it aligns them.

    `loss = -sum(l2_norm(y_true) * l2_norm(y_pred))`: -1 means the same direction, 0 orthogonal, 1 opposite.
    Only directions count, not magnitudes, as for embeddings compared by angle. If either vector is zero
    the loss is 0 whatever the other one is.

    Args:
        axis: The axis along which the similarity is computed (the features axis). Defaults to `-1`.
        reduction: See `keras.losses.Loss`. Defaults to `"sum_over_batch_size"`.
        name: Optional name for the loss instance. Defaults to `"cosine_similarity"`.
        dtype: The dtype the loss computes in. Defaults to `keras.backend.floatx()`.

    Note: as in Keras, `get_config()` does not include `axis`.
    """

    def __init__(self, axis=-1, reduction="sum_over_batch_size", name="cosine_similarity", dtype=None):
        super().__init__(cosine_similarity, name=name, reduction=reduction, dtype=dtype, axis=axis)

    def get_config(self):
        return Loss.get_config(self)
