"""`Loss`, the base class of all losses, and the reduction that turns per-sample losses into one number.

The reduction is where losses differ most between frameworks, so it follows Keras step by step: merge the
prediction's mask into the sample weights, weight the per-sample losses, then sum and divide.
"""

import numpy as np
import torch

from kerastorch.backend import config
from kerastorch.dtype_policies.dtype_policy import get as _get_dtype_policy
from kerastorch.losses import _ops
from kerastorch.utils import tree
from kerastorch.utils.naming import auto_name

REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)


class Loss:
    """Loss base class: subclass it and implement `call` to make a custom loss.

    Calling a loss converts `y_true` and `y_pred` to the loss's dtype, gets the per-sample losses from
    `call(y_true, y_pred)`, and reduces them to a scalar, weighted by `sample_weight` and by the mask Keras
    layers attach to `y_pred` (the `_keras_mask` attribute), so padded timesteps do not count.

    Args:
        name: Optional name for the loss instance.
        reduction: How per-sample losses become the returned value. `"sum_over_batch_size"` (the default) and
            `"mean"` sum them and divide by their number; `"sum"` only sums; `"mean_with_sample_weight"`
            divides the sum by the sum of the sample weights; `"none"` or `None` returns them unreduced.
        dtype: The dtype the loss computes in. Defaults to `None`, which means `keras.backend.floatx()`. A
            `keras.DTypePolicy` may be given, and its compute dtype is used.

    Example:

    ```python
    class MeanSquaredError(keras.losses.Loss):
        def call(self, y_true, y_pred):
            return keras.ops.mean(keras.ops.square(y_pred - y_true), axis=-1)
    ```
    """

    # Whether `y_true` holds class indices, which integer labels keep as they are (see `__call__`).
    _integer_labels = False

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        self.name = name or auto_name(self.__class__.__name__)
        self.reduction = standardize_reduction(reduction)
        self._dtype_policy = _get_dtype_policy(dtype or config.floatx())
        self._dtype = self._dtype_policy.compute_dtype

    @property
    def dtype(self):
        """The dtype the loss computes in, as a string."""
        return self._dtype

    def __call__(self, y_true, y_pred, sample_weight=None):
        """The reduced loss between `y_true` and `y_pred`: a scalar tensor, unless `reduction` is `"none"`.

        Args:
            y_true: Ground truth values (a tensor, an array, or a structure of them).
            y_pred: Predicted values, same structure as `y_true`.
            sample_weight: Optional weights, broadcast against the per-sample losses.
        """
        in_mask = getattr(y_pred, "_keras_mask", None)
        y_pred = _convert_structure(y_pred, self.dtype, None)
        if self._integer_labels and isinstance(y_true, torch.Tensor) and not y_true.is_floating_point():
            # Keras casts class indices to floatx and back: the same values (below 2**24), one kernel more.
            y_true = _ops.convert(y_true, None, _first_device(y_pred))
        else:
            y_true = _convert_structure(y_true, self.dtype, _first_device(y_pred))

        losses = self.call(y_true, y_pred)

        out_mask = getattr(losses, "_keras_mask", None)
        if in_mask is not None and out_mask is not None:
            mask = in_mask & out_mask.to(in_mask.device)
        else:
            mask = in_mask if in_mask is not None else out_mask
        return reduce_weighted_values(
            losses, sample_weight=sample_weight, mask=mask, reduction=self.reduction, dtype=self.dtype
        )

    def call(self, y_true, y_pred):
        """The per-sample losses; subclasses implement it."""
        raise NotImplementedError(f"Loss subclass {self.__class__.__name__} must implement call().")

    def get_config(self):
        """The constructor arguments, as a JSON-serializable dict."""
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config):
        """Rebuilds a loss from the output of `get_config()`."""
        return cls(**config)

    def _obj_type(self):
        return "Loss"


def _convert_structure(structure, dtype, device):
    """Every array in `structure` as a tensor of `dtype`. A list of plain numbers is one array, not a
    structure of scalars."""
    if isinstance(structure, dict):
        return type(structure)((key, _convert_structure(value, dtype, device)) for key, value in structure.items())
    if isinstance(structure, (list, tuple)) and not _is_number_list(structure):
        return tree.map_structure(lambda x: _ops.convert(x, dtype, device), structure)
    return _ops.convert(structure, dtype, device)


def _is_number_list(structure):
    return all(isinstance(leaf, (bool, int, float, np.number)) for leaf in tree.flatten(structure))


def _first_device(structure):
    for leaf in tree.flatten(structure):
        if isinstance(leaf, torch.Tensor):
            return leaf.device
    return None


def standardize_reduction(reduction):
    """Returns `reduction` if Keras knows it; raises a ValueError naming the allowed values otherwise."""
    if reduction not in REDUCTIONS:
        raise ValueError(
            f"Invalid value for argument `reduction`. Expected one of {set(REDUCTIONS)}. "
            f"Received: reduction={reduction!r}"
        )
    return reduction


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """Makes the ranks of `x1` and `x2` agree when they differ by one trailing axis of size 1.

    Labels of shape `(batch,)` against predictions of shape `(batch, 1)` (or the reverse) then line up
    instead of broadcasting into a `(batch, batch)` matrix.
    """
    x1_rank = x1.dim()
    x2_rank = x2.dim()
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


def reduce_values(values, sample_weight=None, reduction="sum_over_batch_size"):
    """Sums `values` and, for the mean reductions, divides by their number (or by the weight total)."""
    if reduction is None or reduction == "none" or tuple(values.shape) in ((), (0,)):
        return values
    loss = torch.sum(values)
    if reduction in ("sum_over_batch_size", "mean", "mean_with_sample_weight"):
        if reduction == "mean_with_sample_weight" and sample_weight is not None:
            divisor = torch.sum(sample_weight).to(loss.dtype)
            return _ops.divide_no_nan(loss, divisor)
        # A device tensor rather than a Python number: on CUDA a Python divisor becomes a multiplication by its
        # reciprocal, which can differ from Keras in the last bit. The count is never 0 here (empty values
        # returned above), so Keras's `divide_no_nan` is a plain division: four fewer kernels per step.
        return torch.divide(loss, _ops.const(values.numel(), loss.dtype, loss.device))
    return loss


def reduce_weighted_values(values, sample_weight=None, mask=None, reduction="sum_over_batch_size", dtype=None):
    """Weights the per-sample `values` by `sample_weight` and `mask`, then reduces them.

    Args:
        values: The per-sample losses.
        sample_weight: Optional weights, squeezed or expanded by one axis to match `values`, then broadcast.
        mask: Optional boolean mask of valid entries (e.g. from a `Masking` or `Embedding(mask_zero=True)`
            layer). Masked entries get weight 0; for the mean reductions the valid ones are scaled up so the
            mean is over valid entries only.
        reduction: One of the `Loss` reductions.
        dtype: The dtype to compute in (None keeps the dtype of `values`).
    """
    reduction = standardize_reduction(reduction)
    values = _ops.convert(values, dtype)
    if sample_weight is not None:
        sample_weight = _ops.convert(sample_weight, dtype, values.device)
    if mask is not None:
        mask = _ops.convert(mask, dtype, values.device)

    sample_weight = apply_mask(sample_weight, mask, dtype=values.dtype, reduction=reduction)
    if sample_weight is not None:
        sample_weight = sample_weight.to(values.dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        _check_broadcastable(values, sample_weight)
        values = values * sample_weight
    return reduce_values(values, sample_weight, reduction)


def _check_broadcastable(values, sample_weight):
    try:
        torch.broadcast_shapes(values.shape, sample_weight.shape)
    except RuntimeError:
        raise ValueError(
            "`sample_weight` cannot be broadcast to the per-sample losses: give one weight per sample, per "
            f"loss entry, or a scalar. Received: sample_weight.shape={tuple(sample_weight.shape)}, "
            f"losses.shape={tuple(values.shape)}"
        ) from None


def apply_mask(sample_weight, mask, dtype, reduction):
    """Merges `mask` into `sample_weight`.

    For `"mean"` and `"sum_over_batch_size"`, valid entries get weight `total / valid`: the later division
    by `total` then averages over the valid entries only (and gives 0, not NaN, when none are valid).
    """
    if mask is None:
        return sample_weight
    if reduction in ("mean", "sum_over_batch_size"):
        total = _ops.const(mask.numel(), dtype, mask.device)
        valid = torch.sum(mask.to(dtype))
        mask_weight = _ops.divide_no_nan(total, valid)
        float_mask = torch.where(mask.to(torch.bool), mask_weight, 0.0)
    else:
        float_mask = mask.to(dtype)
    if sample_weight is None:
        return float_mask
    sample_weight = sample_weight.to(dtype)
    float_mask, sample_weight = squeeze_or_expand_to_same_rank(float_mask, sample_weight)
    _check_broadcastable(float_mask, sample_weight)
    return sample_weight * float_mask
