"""Shared tensor plumbing for the metrics: input conversion, rank alignment and sample-weight reduction.

Everything here looks at shapes and dtypes only (host-side metadata), never at tensor values, so none of it
makes the host wait on the device.
"""

import numpy as np
import torch

from kerastorch.backend import config
from kerastorch.backend.dtypes import to_torch_dtype


def to_tensor(x, dtype=None, device=None):
    """`x` as a torch tensor on `device`, cast to `dtype` when given.

    Without `dtype`, tensors keep theirs, Python floats become floatx, Python ints int32 and NumPy arrays keep
    their dtype, as Keras converts inputs.
    """
    torch_dtype = None if dtype is None else to_torch_dtype(dtype)
    if isinstance(x, torch.Tensor):
        if isinstance(x, torch.nn.Parameter):
            x = x.detach()
        if device is not None and x.device != device:
            x = x.to(device, non_blocking=True)
        return x if torch_dtype is None else x.to(torch_dtype)
    if torch_dtype is None:
        torch_dtype = _default_dtype(x)
    if isinstance(x, np.ndarray) and x.dtype == np.uint32:
        x = x.astype(np.int64)
    return torch.as_tensor(x, dtype=torch_dtype, device=device)


def _default_dtype(x):
    if isinstance(x, bool):
        return torch.bool
    if isinstance(x, int):
        return torch.int32 if -(2**31) <= x < 2**31 else torch.int64
    if isinstance(x, float):
        return to_torch_dtype(config.floatx())
    if isinstance(x, (list, tuple)):
        array = np.asarray(x)
        if array.dtype.kind == "f":
            return to_torch_dtype(config.floatx())
        if array.dtype.kind in "iu":
            return torch.int32 if array.size == 0 or (array.min() >= -(2**31) and array.max() < 2**31) else torch.int64
        if array.dtype.kind == "b":
            return torch.bool
        return None
    if isinstance(x, np.ndarray) and x.dtype == np.uint32:
        return torch.int64
    return None


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """Aligns ranks differing by one: the extra size-1 last axis is squeezed (or a rank-1 partner expanded)."""
    x1_rank, x2_rank = x1.dim(), x2.dim()
    if x1_rank == x2_rank:
        return x1, x2
    if x1_rank == x2_rank + 1 and x1.shape[-1] == 1:
        if x2_rank == 1 and expand_rank_1:
            x2 = x2.unsqueeze(-1)
        else:
            x1 = x1.squeeze(-1)
    if x2_rank == x1_rank + 1 and x2.shape[-1] == 1:
        if x1_rank == 1 and expand_rank_1:
            x1 = x1.unsqueeze(-1)
        else:
            x2 = x2.squeeze(-1)
    return x1, x2


def divide_no_nan(x, y):
    """`x / y`, with 0 wherever `y == 0` (as a tensor select, not a host-side check)."""
    safe = torch.where(y == 0, torch.ones_like(y), y)
    return torch.where(y == 0, torch.zeros_like(x / safe), x / safe)


def get_mask(x):
    """The Keras mask a layer attached to `x`, or None."""
    return getattr(x, "_keras_mask", None)


def apply_mask(sample_weight, mask, dtype):
    """Folds a Keras mask into `sample_weight` (masked entries weigh 0); returns the weight to use."""
    if mask is None:
        return sample_weight
    float_mask = mask.to(to_torch_dtype(dtype))
    if sample_weight is None:
        return float_mask
    sample_weight = to_tensor(sample_weight, dtype, device=float_mask.device)
    float_mask, sample_weight = squeeze_or_expand_to_same_rank(float_mask, sample_weight)
    return sample_weight * float_mask


def reduce_to_samplewise_values(values, sample_weight, reduce_fn, dtype, device=None):
    """Reduces `values` to one value per sample, weighted by `sample_weight`.

    Values are first reduced (with `reduce_fn`) to the rank of the weights, multiplied by the broadcast
    weights, then reduced over every axis but the batch axis. Returns `(values, sample_weight)`, the weights
    reduced the same way (None when none were given).
    """
    mask = get_mask(values)
    values = to_tensor(values, dtype, device=device)
    if sample_weight is not None:
        sample_weight = to_tensor(sample_weight, dtype, device=values.device)
        if mask is not None:
            sample_weight = apply_mask(sample_weight, mask.to(values.device), dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        weight_ndim, values_ndim = sample_weight.dim(), values.dim()
        if values_ndim > weight_ndim:
            values = reduce_fn(values, dim=list(range(weight_ndim, values_ndim)))
        # Broadcasting the weights does not change the product, but it does change how many samples they count.
        sample_weight = torch.broadcast_to(sample_weight, values.shape)
        values = values * sample_weight
        if weight_ndim > 1:
            sample_weight = reduce_fn(sample_weight, dim=list(range(1, weight_ndim)))
    if values.dim() > 1:
        values = reduce_fn(values, dim=list(range(1, values.dim())))
    return values, sample_weight


def l2_normalize(x, axis=-1):
    """`x` scaled to unit L2 norm along `axis`; near-zero vectors are scaled by at most `1 / epsilon`."""
    if x.dim() == 0:
        x = x.unsqueeze(0)
    square_sum = torch.sum(torch.square(x), dim=axis, keepdim=True)
    # A Python-scalar clamp: building a device tensor for the bound would be a host-to-device copy.
    return x * torch.clamp(torch.rsqrt(square_sum), max=1.0 / config.epsilon())


def loss_function(name):
    """The per-sample loss function `kerastorch.losses.<name>`, imported on first use.

    The losses package is imported lazily so that `kerastorch.metrics` loads on its own and the two packages
    never import each other at module load.
    """
    from kerastorch import losses

    return getattr(losses, name)
