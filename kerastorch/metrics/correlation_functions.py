"""The per-sample correlation functions `keras.metrics.pearson_correlation` and
`keras.metrics.concordance_correlation`, computed along an axis of each sample."""

import torch

from kerastorch.backend import config
from kerastorch.metrics._utils import squeeze_or_expand_to_same_rank
from kerastorch.metrics._utils import to_tensor


def _pair(y_true, y_pred):
    y_pred = to_tensor(y_pred)
    y_true = to_tensor(y_true, y_pred.dtype, device=y_pred.device)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


def pearson_correlation(y_true, y_pred, axis=-1):
    """Pearson's correlation coefficient between `y_true` and `y_pred` along `axis`, in [-1, 1].

    Args:
        y_true: Tensor of true targets.
        y_pred: Tensor of predicted targets.
        axis: Axis along which to compute the correlation. Defaults to `-1`.
    """
    y_true, y_pred = _pair(y_true, y_pred)
    y_true_norm = y_true - y_true.mean(dim=axis, keepdim=True)
    y_pred_norm = y_pred - y_pred.mean(dim=axis, keepdim=True)
    y_true_norm = y_true_norm / torch.std(y_true_norm, dim=axis, keepdim=True, correction=0)
    y_pred_norm = y_pred_norm / torch.std(y_pred_norm, dim=axis, keepdim=True, correction=0)
    return torch.mean(y_true_norm * y_pred_norm, dim=axis)


def concordance_correlation(y_true, y_pred, axis=-1):
    """Lin's concordance correlation coefficient between `y_true` and `y_pred` along `axis`, in [-1, 1].

    Like Pearson's, but also penalizes a shift or scale between predictions and targets.

    Args:
        y_true: Tensor of true targets.
        y_pred: Tensor of predicted targets.
        axis: Axis along which to compute the correlation. Defaults to `-1`.
    """
    y_true, y_pred = _pair(y_true, y_pred)
    y_true_mean = y_true.mean(dim=axis, keepdim=True)
    y_pred_mean = y_pred.mean(dim=axis, keepdim=True)
    y_true_var = torch.var(y_true - y_true_mean, dim=axis, keepdim=True, correction=0)
    y_pred_var = torch.var(y_pred - y_pred_mean, dim=axis, keepdim=True, correction=0)
    # As Keras computes it: the covariance term centres y_true on the mean of y_pred.
    covar = (y_true - y_pred_mean) * (y_pred - y_pred_mean)
    norm = y_true_var + y_pred_var + torch.square(y_true_mean - y_pred_mean)
    return torch.mean(2 * covar / (norm + config.epsilon()), dim=axis)
