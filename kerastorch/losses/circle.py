"""`Circle` and `circle`: the Circle loss of metric learning, on integer labels and unit-norm embeddings."""

import torch
import torch.nn.functional as F

from kerastorch.losses import _ops
from kerastorch.losses.loss import Loss
from kerastorch.losses.loss_function_wrapper import LossFunctionWrapper


def _pos_neg_masks(query_labels, key_labels, remove_diagonal=True):
    """Same-label pairs (minus the diagonal, an embedding paired with itself) and different-label pairs."""
    query_labels = query_labels.reshape(-1, 1) if query_labels.dim() == 1 else query_labels
    key_labels = key_labels.reshape(-1, 1) if key_labels.dim() == 1 else key_labels
    positive_mask = torch.eq(query_labels, key_labels.T)
    negative_mask = torch.logical_not(positive_mask)
    if remove_diagonal:
        eye = torch.eye(query_labels.numel(), key_labels.numel(), dtype=torch.bool, device=positive_mask.device)
        positive_mask = torch.logical_and(positive_mask, ~eye)
    return positive_mask, negative_mask


def circle(y_true, y_pred, ref_labels=None, ref_embeddings=None, remove_diagonal=True, gamma=80, margin=0.4):
    """The Circle loss of each embedding against the reference embeddings.

    Args:
        y_true: Integer labels, shape `(batch_size,)`.
        y_pred: L2-normalized embeddings, shape `(batch_size, dim)`.
        ref_labels: Optional labels of the reference embeddings; defaults to `y_true`.
        ref_embeddings: Optional L2-normalized reference embeddings; defaults to `y_pred`.
        remove_diagonal: Whether an embedding is excluded from its own positives. Defaults to `True`.
        gamma: The scale of the similarity scores. Defaults to `80`.
        margin: The relaxation margin. Defaults to `0.4`.

    Returns:
        The per-embedding losses, shape `(batch_size,)`, masked where the loss is 0 (no positive or no
        negative pair), so those do not count in a mean.
    """
    y_pred = _ops.convert(y_pred)
    device = y_pred.device
    y_true = _ops.convert(y_true, device=device).to(torch.int32)
    ref_embeddings = y_pred if ref_embeddings is None else _ops.convert(ref_embeddings, device=device)
    ref_labels = y_true if ref_labels is None else _ops.convert(ref_labels, device=device).to(torch.int32)

    optim_pos = margin
    optim_neg = 1 + margin
    delta_pos = margin
    delta_neg = 1 - margin

    distances = 1 - torch.matmul(y_pred, torch.transpose(ref_embeddings, 0, 1))
    zero = _ops.const(0.0, distances.dtype, device)
    distances = torch.maximum(distances, zero)
    positive_mask, negative_mask = _pos_neg_masks(y_true, ref_labels, remove_diagonal=remove_diagonal)
    positive_mask = positive_mask.to(distances.dtype)
    negative_mask = negative_mask.to(distances.dtype)

    pos_weights = torch.maximum((optim_pos + distances) * positive_mask, zero)
    neg_weights = torch.maximum((optim_neg - distances) * negative_mask, zero)
    pos_wdists = -1 * gamma * pos_weights * (delta_pos - distances)
    neg_wdists = gamma * neg_weights * (delta_neg - distances)

    p_loss = torch.logsumexp(torch.where(positive_mask.bool(), pos_wdists, float("-inf")), dim=1)
    n_loss = torch.logsumexp(torch.where(negative_mask.bool(), neg_wdists, float("-inf")), dim=1)
    circle_loss = F.softplus(p_loss + n_loss)
    circle_loss._keras_mask = circle_loss > 0
    return circle_loss


class Circle(LossFunctionWrapper):
    """Computes the Circle loss between integer labels and L2-normalized embeddings.

    A metric-learning loss that pulls same-label embeddings together and pushes different-label ones apart,
    weighting each pair by how far it is from its optimum ([Sun et al., 2020](https://arxiv.org/abs/2002.10857)).
    The model should end with a `Dense` layer without activation followed by `UnitNormalization`.

    Args:
        gamma: The scale of the similarity scores. Defaults to `80.0`.
        margin: The relaxation margin: below it negatives are weighted up and positives down. Defaults to
            `0.4`.
        remove_diagonal: Whether an embedding is excluded from its own positives. Defaults to `True`.
        reduction: See `keras.losses.Loss`. Defaults to `"sum_over_batch_size"`.
        name: Optional name for the loss instance. Defaults to `"circle"`.
        dtype: The dtype the loss computes in. Defaults to `keras.backend.floatx()`.
    """

    def __init__(
        self, gamma=80.0, margin=0.4, remove_diagonal=True, reduction="sum_over_batch_size", name="circle", dtype=None
    ):
        super().__init__(
            circle,
            name=name,
            reduction=reduction,
            dtype=dtype,
            gamma=gamma,
            margin=margin,
            remove_diagonal=remove_diagonal,
        )
        self.gamma = gamma
        self.margin = margin
        self.remove_diagonal = remove_diagonal

    def get_config(self):
        config = Loss.get_config(self)
        config.update({"gamma": self.gamma, "margin": self.margin, "remove_diagonal": self.remove_diagonal})
        return config
