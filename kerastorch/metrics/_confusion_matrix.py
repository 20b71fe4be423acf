"""Threshold bookkeeping shared by the confusion-matrix metrics (Precision, Recall, AUC, TruePositives, ...).

`update_confusion_matrix_variables` folds one batch into true/false positive/negative counts at every
threshold, with broadcasting torch ops only: no host-device sync. Evenly spaced thresholds (AUC's 200) take
a bucketing path that costs O(batch) instead of O(batch x thresholds).
"""

import numpy as np
import torch

from kerastorch.backend import config
from kerastorch.metrics._utils import squeeze_or_expand_to_same_rank
from kerastorch.metrics._utils import to_tensor

# Scores outside the top k are pushed to this, below any threshold.
NEG_INF = -1e10

TRUE_POSITIVES = "tp"
FALSE_POSITIVES = "fp"
TRUE_NEGATIVES = "tn"
FALSE_NEGATIVES = "fn"
_CONDITIONS = (TRUE_POSITIVES, FALSE_POSITIVES, TRUE_NEGATIVES, FALSE_NEGATIVES)


def parse_init_thresholds(thresholds, default_threshold=0.5):
    """The thresholds as a list: `default_threshold` when None; each given one must lie in [0, 1]."""
    if thresholds is not None:
        listed = thresholds if isinstance(thresholds, (list, tuple)) else [thresholds]
        invalid = [t for t in listed if t is None or t < 0 or t > 1]
        if invalid:
            raise ValueError(f"Threshold values must be in [0, 1]. Received: thresholds={invalid}")
    chosen = default_threshold if thresholds is None else thresholds
    return list(chosen) if isinstance(chosen, (list, tuple)) else [chosen]


def is_evenly_distributed_thresholds(thresholds):
    """Whether `thresholds` are `i / (n - 1)` for `i` in `0..n-1` (n >= 3), which allows the bucketing path."""
    count = len(thresholds)
    if count < 3:
        return False
    even = np.arange(count, dtype=np.float32) / (count - 1)
    return bool(np.allclose(thresholds, even, atol=config.epsilon()))


def thresholds_tensor(thresholds, device):
    """The thresholds as a float32 tensor on `device`.

    Metrics build it once, in `__init__`, and keep it as an attribute (so `Metric.to()` moves it): made at
    update time, the host-to-device copy from pageable memory would synchronize every step.
    """
    return torch.as_tensor(np.asarray(thresholds, dtype=np.float64), dtype=torch.float32, device=device)


def filter_top_k(x, k):
    """Keeps the `k` largest scores of each row of `x`; the others become `NEG_INF`."""
    _, top_k_indices = torch.topk(x, k)
    mask = torch.zeros_like(x).scatter_(-1, top_k_indices, 1.0)
    return x * mask + NEG_INF * (1 - mask)


def update_confusion_matrix_variables(
    variables_to_update,
    y_true,
    y_pred,
    thresholds,
    top_k=None,
    class_id=None,
    sample_weight=None,
    multi_label=False,
    label_weights=None,
    thresholds_distributed_evenly=False,
):
    """Adds this batch's weighted confusion counts at each threshold to `variables_to_update`.

    Args:
        variables_to_update: Dict from `"tp"`, `"fp"`, `"tn"`, `"fn"` to the variables to add to, of shape
            `(num_thresholds,)`, or `(num_thresholds, num_labels)` when `multi_label`.
        y_true: Labels; any non-zero value counts as positive.
        y_pred: Scores in [0, 1]; a prediction is positive at a threshold when strictly above it.
        thresholds: The thresholds: a Python list or array (read on the host) and the same values as a tensor
            from `thresholds_tensor`, as a pair.
        top_k: Only the top k scores per row can be positive.
        class_id: Only this class (last-axis index) is counted.
        sample_weight: Optional weights, broadcastable to `y_pred`.
        multi_label: Count each label (column) separately rather than flattening.
        label_weights: Optional per-label weights (only when not `multi_label`).
        thresholds_distributed_evenly: Use the bucketing path (thresholds must be evenly spaced).
    """
    if multi_label and label_weights is not None:
        raise ValueError(
            "`label_weights` for multilabel data should be handled outside of "
            "`update_confusion_matrix_variables` when `multi_label` is True. "
            f"Received: label_weights={label_weights!r}"
        )
    invalid = [key for key in variables_to_update if key not in _CONDITIONS]
    if invalid or not variables_to_update:
        raise ValueError(
            f"Expected confusion matrix keys among {list(_CONDITIONS)}. Received: keys={list(variables_to_update)}"
        )
    first = next(iter(variables_to_update.values()))
    dtype, device = first.dtype, first.device
    y_true = to_tensor(y_true, device=device).to(dtype)
    y_pred = to_tensor(y_pred, device=device).to(dtype)
    thresholds, thresholds_t = thresholds
    if thresholds_distributed_evenly:
        # Endpoint thresholds nudged past [0, 1] (AUC's) change how the first bucket is counted.
        thresholds_with_epsilon = thresholds[0] < 0.0 or thresholds[-1] > 1.0
    thresholds_t = thresholds_t.to(device=device, dtype=dtype)

    y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
    if sample_weight is not None:
        sample_weight = to_tensor(sample_weight, dtype, device=device).unsqueeze(-1)
        _, sample_weight = squeeze_or_expand_to_same_rank(y_true, sample_weight, expand_rank_1=False)
    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        if y_pred.dim() == 1:
            raise ValueError(
                "When class_id is provided, y_pred must be a 2D array with shape (num_samples, num_classes). "
                f"Received: y_pred.shape={tuple(y_pred.shape)}"
            )
        # Keep the axis so the shape still lines up with sample_weight.
        y_true = y_true[..., class_id, None]
        y_pred = y_pred[..., class_id, None]
    if label_weights is not None:
        label_weights = label_weights.to(device=device, dtype=dtype)

    if thresholds_distributed_evenly:
        return _update_bucketed(
            variables_to_update, y_true, y_pred, thresholds_t.shape[0], multi_label, sample_weight,
            label_weights, thresholds_with_epsilon,
        )  # fmt: skip

    num_predictions = y_pred.shape[0]
    num_labels = 1 if y_pred.dim() == 1 else int(np.prod(y_pred.shape[1:]))
    if multi_label:
        predictions = y_pred.unsqueeze(0)
        labels = y_true.bool().unsqueeze(0)
        thresholds_b = thresholds_t.reshape(-1, 1, 1)
        weight_shape = (1, num_predictions, num_labels)
    else:
        predictions = y_pred.reshape(1, -1)
        labels = y_true.bool().reshape(1, -1)
        thresholds_b = thresholds_t.reshape(-1, 1)
        weight_shape = (1, num_predictions * num_labels)
    # Broadcasting against (num_thresholds, 1[, 1]) plays the role of tiling, without the copies.
    pred_is_pos = torch.gt(predictions, thresholds_b)
    label_is_pos = labels

    weights = None
    if sample_weight is not None:
        weights = torch.broadcast_to(sample_weight.to(y_pred.dtype), y_pred.shape).reshape(weight_shape)
    if label_weights is not None and not multi_label:
        label_weights = torch.broadcast_to(label_weights.unsqueeze(0), y_pred.shape).reshape(weight_shape)
        weights = label_weights if weights is None else weights * label_weights

    pairs = {TRUE_POSITIVES: (label_is_pos, pred_is_pos)}
    if FALSE_NEGATIVES in variables_to_update or TRUE_NEGATIVES in variables_to_update:
        pairs[FALSE_NEGATIVES] = (label_is_pos, ~pred_is_pos)
    if FALSE_POSITIVES in variables_to_update or TRUE_NEGATIVES in variables_to_update:
        pairs[FALSE_POSITIVES] = (~label_is_pos, pred_is_pos)
        if TRUE_NEGATIVES in variables_to_update:
            pairs[TRUE_NEGATIVES] = (~label_is_pos, ~pred_is_pos)
    with torch.no_grad():
        for condition, (label, pred) in pairs.items():
            if condition not in variables_to_update:
                continue
            variable = variables_to_update[condition]
            hit = torch.logical_and(label, pred)
            if weights is not None:
                counts = torch.where(hit, weights.to(variable.dtype), torch.zeros((), dtype=variable.dtype, device=device))
            else:
                counts = hit.to(variable.dtype)
            variable.add_(counts.sum(dim=1))


def _segment_sum(data, segment_ids, num_segments):
    # Out-of-range ids (a score of exactly 0 lands in bucket -1) are dropped, by summing them into one extra
    # slot that is then cut off.
    segment_ids = torch.where(
        (segment_ids >= 0) & (segment_ids < num_segments), segment_ids, torch.full_like(segment_ids, num_segments)
    )
    shape = tuple(data.shape[:-1]) + (num_segments + 1,)
    result = torch.zeros(shape, dtype=data.dtype, device=data.device)
    return result.scatter_add_(-1, segment_ids, data)[..., :num_segments]


def _update_bucketed(
    variables_to_update, y_true, y_pred, num_thresholds, multi_label, sample_weight, label_weights,
    thresholds_with_epsilon,
):  # fmt: skip
    """The evenly-spaced-thresholds path: bucket each score once, then a reversed cumulative sum counts, for
    every threshold, the scores above it."""
    weights = None
    if sample_weight is not None:
        weights = torch.broadcast_to(sample_weight.to(y_pred.dtype), y_pred.shape)
        if not multi_label:
            weights = weights.reshape(-1)
    if label_weights is not None:
        label_weights = torch.broadcast_to(label_weights.unsqueeze(0), y_pred.shape)
        if not multi_label:
            label_weights = label_weights.reshape(-1)
        weights = label_weights if weights is None else weights * label_weights

    # Scores outside [0, 1] would land in no bucket.
    y_pred = torch.clamp(y_pred, 0.0, 1.0)
    y_true = y_true.bool().to(y_true.dtype)
    if not multi_label:
        y_true = y_true.reshape(-1)
        y_pred = y_pred.reshape(-1)
    true_labels = y_true if weights is None else y_true * weights.to(y_true.dtype)
    false_labels = (1.0 - y_true) if weights is None else (1.0 - y_true) * weights.to(y_true.dtype)

    # A score must be strictly above a threshold, so (0, 1/(n-1)] is bucket 0: ceil(score * (n - 1)) - 1.
    bucket_indices = torch.ceil(y_pred * (num_thresholds - 1)) - 1
    if thresholds_with_epsilon:
        # The first threshold sits just below 0, so every score in [0, 1] is above it.
        bucket_indices = torch.relu(bucket_indices)
    bucket_indices = bucket_indices.to(torch.int64)

    if multi_label:
        # Labels along the first axis, so one scatter buckets every label at once.
        true_labels, false_labels, bucket_indices = true_labels.T, false_labels.T, bucket_indices.T
    tp_buckets = _segment_sum(true_labels, bucket_indices, num_thresholds)
    fp_buckets = _segment_sum(false_labels, bucket_indices, num_thresholds)
    tp = torch.flip(torch.cumsum(torch.flip(tp_buckets, dims=[-1]), dim=-1), dims=[-1])
    fp = torch.flip(torch.cumsum(torch.flip(fp_buckets, dims=[-1]), dim=-1), dims=[-1])
    if multi_label:
        tp, fp = tp.T, fp.T
        total_true, total_false = true_labels.sum(dim=1), false_labels.sum(dim=1)
    else:
        total_true, total_false = true_labels.sum(), false_labels.sum()

    with torch.no_grad():
        if TRUE_POSITIVES in variables_to_update:
            variables_to_update[TRUE_POSITIVES].add_(tp)
        if FALSE_POSITIVES in variables_to_update:
            variables_to_update[FALSE_POSITIVES].add_(fp)
        if TRUE_NEGATIVES in variables_to_update:
            variables_to_update[TRUE_NEGATIVES].add_(total_false - fp)
        if FALSE_NEGATIVES in variables_to_update:
            variables_to_update[FALSE_NEGATIVES].add_(total_true - tp)
