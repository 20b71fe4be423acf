"""`SparseCategoricalCrossentropy` and `sparse_categorical_crossentropy`: the log loss of integer labels.

Out-of-range labels: torch's fused kernels check them. On the CPU they raise, and the error is re-raised
here as a ValueError naming the label and the number of classes. On CUDA the check is a device-side assert
that fires asynchronously (the CUDA context is unusable afterwards); validating on the host instead would
cost a device synchronization every step, so run a few steps on the CPU (or with `CUDA_LAUNCH_BLOCKING=1`)
to locate a bad label.
"""

import torch
import torch.nn.functional as F

from kerastorch.losses import _ops
from kerastorch.losses.loss import Loss
from kerastorch.losses.loss_function_wrapper import LossFunctionWrapper

# torch skips targets equal to `ignore_index` (-100 by default) without a word. No float label converts to
# this value, so every label is checked; `ignore_class` is the supported way to skip one.
_NO_IGNORED_INDEX = -(2**63) + 1


def sparse_categorical_crossentropy_elementwise(target, output, from_logits=False, axis=-1):
    """The crossentropy of integer `target` against class scores `output`, with no one-hot matrix.

    From logits, torch's fused `cross_entropy`; from probabilities, `output` renormalized and clipped to
    `[epsilon, 1 - epsilon]` (as Keras does), then `nll_loss` on its log.
    """
    target = target.to(torch.long)
    if target.dim() == output.dim() and target.shape[axis] == 1:
        target = torch.squeeze(target, dim=axis)
    if output.dim() < 1:
        raise ValueError(f"Argument `output` must be at least rank 1. Received: output.shape={tuple(output.shape)}")
    class_axis = _ops.canonicalize_axis(axis, output.dim())
    num_classes = output.shape[class_axis]
    expected = [d for i, d in enumerate(output.shape) if i != class_axis]
    if list(target.shape) != expected:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape up until the last dimension: "
            f"target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}"
        )
    # The fused kernels want the class axis at position 1 (and a batch axis).
    squeeze = output.dim() == 1
    if squeeze:
        output, target = output.unsqueeze(0), target.unsqueeze(0)
    elif class_axis != 1:
        output = output.movedim(class_axis, 1)
    try:
        if from_logits:
            result = F.cross_entropy(output, target, reduction="none", ignore_index=_NO_IGNORED_INDEX)
        else:
            output = output / torch.sum(output, dim=1, keepdim=True)
            log_prob = torch.log(_ops.clip_probabilities(output))
            result = F.nll_loss(log_prob, target, reduction="none", ignore_index=_NO_IGNORED_INDEX)
    except (IndexError, RuntimeError) as error:
        bad = target[(target < 0) | (target >= num_classes)]
        if bad.numel() == 0:
            raise
        raise ValueError(
            f"sparse_categorical_crossentropy received a label outside [0, {num_classes}): labels must be "
            f"class indices smaller than the number of classes. Received: label={bad.flatten()[0].item()}, "
            f"num_classes={num_classes}"
        ) from error
    return result.squeeze(0) if squeeze else result


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    """The crossentropy between integer labels and predicted class probabilities (or logits).

    Args:
        y_true: Integer class indices (any numeric dtype; values are truncated to integers), of `y_pred`'s
            shape without the class axis, or with a class axis of size 1.
        y_pred: Predicted probabilities, or logits if `from_logits=True`.
        from_logits: Whether `y_pred` holds logits rather than probabilities.
        ignore_class: Optional label to leave out of the loss (e.g. a "void" class like -1 or 255 in
            segmentation maps). Its entries get loss 0 and a mask, so mean reductions skip them.
        axis: The class axis. Defaults to `-1`.

    Returns:
        The per-sample losses, `y_pred`'s shape without `axis`.
    """
    y_pred = _ops.convert(y_pred)
    y_true = _ops.convert(y_true, device=y_pred.device)
    if y_true.dim() == y_pred.dim() and y_true.shape[axis] == 1:
        y_true = torch.squeeze(y_true, dim=axis)
    valid_mask = None
    if ignore_class is not None:
        class_axis = _ops.canonicalize_axis(axis, y_pred.dim())
        res_shape = tuple(d for i, d in enumerate(y_pred.shape) if i != class_axis)
        valid_mask = torch.ne(y_true, _ops.const(ignore_class, y_pred.dtype, y_pred.device))
        y_true = torch.where(valid_mask, y_true, 0)
        y_pred = torch.where(valid_mask.unsqueeze(axis), y_pred, 0.0)
    res = sparse_categorical_crossentropy_elementwise(y_true, y_pred, from_logits=from_logits, axis=axis)
    if valid_mask is not None:
        valid_mask = valid_mask.reshape(res_shape)
        res = torch.where(valid_mask, res, 0.0)
        res._keras_mask = valid_mask
    return res


sparse_categorical_crossentropy._integer_labels = True  # read by LossFunctionWrapper (see Loss.__call__)


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Computes the crossentropy between integer labels and predicted class probabilities (or logits).

    For two or more mutually exclusive classes with labels given as class indices: `y_true` has shape
    `(batch_size,)` (or `(batch_size, 1)`) and `y_pred` `(batch_size, num_classes)`. Cheaper than
    `CategoricalCrossentropy` on one-hot labels: no one-hot matrix is ever built, which matters for large
    vocabularies.

    Args:
        from_logits: Whether `y_pred` holds logits rather than probabilities. Defaults to `False`.
        ignore_class: Optional label to leave out of the loss, e.g. a "void" class (-1 or 255) in
            segmentation maps. Defaults to `None` (every class counts).
        reduction: See `keras.losses.Loss`. Defaults to `"sum_over_batch_size"`.
        axis: The class axis. Defaults to `-1`.
        name: Optional name for the loss instance. Defaults to `"sparse_categorical_crossentropy"`.
        dtype: The dtype the loss computes in. Defaults to `keras.backend.floatx()`.

    A label outside `[0, num_classes)` raises a ValueError on the CPU; on CUDA it trips a device-side
    assert (see the module docstring).

    Note: as in Keras, `get_config()` does not include `axis`.

    Example:

    >>> scce = keras.losses.SparseCategoricalCrossentropy()
    >>> scce([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
    1.177
    """

    def __init__(
        self,
        from_logits=False,
        ignore_class=None,
        reduction="sum_over_batch_size",
        axis=-1,
        name="sparse_categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            sparse_categorical_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )
        self.from_logits = from_logits
        self.ignore_class = ignore_class

    def get_config(self):
        config = Loss.get_config(self)
        config.update({"from_logits": self.from_logits, "ignore_class": self.ignore_class})
        return config
