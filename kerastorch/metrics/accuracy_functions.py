"""The per-sample accuracy functions (`keras.metrics.binary_accuracy`, ...): 1.0 where right, 0.0 where wrong.

The accuracy metric classes average these; they are public too, for use as plain functions or in
`MeanMetricWrapper`.
"""

import torch

from kerastorch.backend import config
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.metrics._utils import squeeze_or_expand_to_same_rank
from kerastorch.metrics._utils import to_tensor


def _floatx():
    return to_torch_dtype(config.floatx())


def accuracy(y_true, y_pred):
    """1.0 where `y_pred` equals `y_true` exactly, else 0.0."""
    y_pred = to_tensor(y_pred)
    y_true = to_tensor(y_true, y_pred.dtype, device=y_pred.device)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return torch.eq(y_true, y_pred).to(_floatx())


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """1.0 where `y_pred > threshold` agrees with the 0/1 label `y_true`, else 0.0.

    Args:
        y_true: Ground truth 0/1 labels.
        y_pred: Predicted probabilities (or scores compared against `threshold`).
        threshold: Predictions above it count as 1.
    """
    y_pred = to_tensor(y_pred)
    y_true = to_tensor(y_true, device=y_pred.device)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    y_pred = torch.gt(y_pred, threshold).to(y_true.dtype)
    return torch.eq(y_true, y_pred).to(_floatx())


def categorical_accuracy(y_true, y_pred):
    """1.0 where the arg-max of `y_pred` is the arg-max of the one-hot `y_true`, else 0.0."""
    y_true = torch.argmax(to_tensor(y_true), dim=-1)
    y_pred = to_tensor(y_pred)
    y_true = y_true.to(device=y_pred.device, dtype=y_pred.dtype)
    return _sparse_matches(y_true, y_pred, require_unit_last_axis=False)


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where the arg-max of `y_pred` is the integer label `y_true`, else 0.0."""
    y_pred = to_tensor(y_pred)
    y_true = to_tensor(y_true, y_pred.dtype, device=y_pred.device)
    matches = _sparse_matches(y_true, y_pred, require_unit_last_axis=True)
    if matches.dim() > 1 and matches.shape[-1] == 1:
        matches = matches.squeeze(-1)
    return matches


def _sparse_matches(y_true, y_pred, require_unit_last_axis):
    original_shape = y_true.shape
    reshape_matches = False
    # Labels shaped (num_samples, 1) against (num_samples, num_classes) compare as (num_samples,).
    if y_true.dim() == y_pred.dim() and (not require_unit_last_axis or y_true.shape[-1] == 1):
        y_true = y_true.squeeze(-1)
        reshape_matches = True
    y_pred = torch.argmax(y_pred, dim=-1)
    if y_pred.dtype != y_true.dtype:
        y_pred = y_pred.to(y_true.dtype)
    matches = torch.eq(y_true, y_pred).to(_floatx())
    if reshape_matches:
        matches = matches.reshape(original_shape)
    return matches


def _in_top_k(targets, predictions, k):
    # A target counts as in the top k when its score is at least the k-th largest (ties count as hits).
    targets = targets.to(torch.int64)[:, None]
    kth_largest = torch.topk(predictions, k).values
    target_values = torch.take_along_dim(predictions, targets, dim=-1)
    return torch.any(target_values >= kth_largest, dim=-1)


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 where the one-hot `y_true`'s class is among the `k` highest scores of `y_pred`, else 0.0."""
    y_pred = to_tensor(y_pred)
    y_true = to_tensor(y_true, y_pred.dtype, device=y_pred.device)
    y_true = torch.argmax(y_true, dim=-1)
    return _top_k_matches(y_true, y_pred, k)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False):
    """1.0 where the integer label `y_true` is among the `k` highest scores of `y_pred`, else 0.0.

    Args:
        y_true: Integer labels.
        y_pred: Scores, shape `(batch, num_classes)`; or, with `from_sorted_ids=True`, class ids sorted by
            decreasing score, whose first `k` columns are the top k.
        k: How many top predictions count.
        from_sorted_ids: Whether `y_pred` holds sorted class ids rather than scores.
    """
    y_pred = to_tensor(y_pred)
    y_true = to_tensor(y_true, y_pred.dtype if from_sorted_ids else "int32", device=y_pred.device)
    original_shape = y_true.shape
    if y_pred.dim() > 2:
        y_pred = y_pred.reshape(-1, y_pred.shape[-1])
    reshape_matches = y_true.dim() > 1
    if reshape_matches:
        y_true = y_true.reshape(-1)
    if from_sorted_ids:
        # Any of the first k ids matching counts once.
        matches = torch.any(torch.eq(y_true.unsqueeze(1), y_pred[:, :k]), dim=1)
    else:
        matches = _in_top_k(y_true, y_pred, k)
    matches = matches.to(_floatx())
    return matches.reshape(original_shape) if reshape_matches else matches


def _top_k_matches(y_true, y_pred, k):
    original_shape = y_true.shape
    if y_pred.dim() > 2:
        y_pred = y_pred.reshape(-1, y_pred.shape[-1])
    reshape_matches = y_true.dim() > 1
    if reshape_matches:
        y_true = y_true.reshape(-1)
    matches = _in_top_k(y_true.to(torch.int32), y_pred, k).to(_floatx())
    return matches.reshape(original_shape) if reshape_matches else matches
