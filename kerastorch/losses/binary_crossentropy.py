"""`BinaryCrossentropy` and `binary_crossentropy`: the log loss of independent yes/no predictions."""

import torch
import torch.nn.functional as F

from kerastorch.losses import _ops
from kerastorch.losses.loss import Loss
from kerastorch.losses.loss_function_wrapper import LossFunctionWrapper


def binary_crossentropy_elementwise(target, output, from_logits=False):
    """The per-element binary crossentropy, unreduced.

    From logits, torch's fused `binary_cross_entropy_with_logits` (stable for any logit). From
    probabilities, `output` is first clipped to `[epsilon, 1 - epsilon]`, as Keras does, so a confident
    wrong prediction costs about 16 nats instead of infinity.
    """
    if target.shape != output.shape:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape. "
            f"Received: target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}"
        )
    if from_logits:
        return F.binary_cross_entropy_with_logits(output, target, reduction="none")
    return F.binary_cross_entropy(_ops.clip_probabilities(output), target, reduction="none")


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """The binary crossentropy, averaged over `axis`.

    Args:
        y_true: Labels in [0, 1], shape `(batch_size, d0, ..., dN)`.
        y_pred: Predicted probabilities, or logits if `from_logits=True`, same shape.
        from_logits: Whether `y_pred` holds logits rather than probabilities.
        label_smoothing: Float in [0, 1]. Labels are squeezed towards 0.5: `1 - 0.5 * label_smoothing` for
            the target class and `0.5 * label_smoothing` for the other.
        axis: The axis the mean is taken over. Defaults to `-1`.

    Returns:
        The per-sample losses, shape `(batch_size, d0, ..., dN-1)`.
    """
    y_pred = _ops.convert(y_pred)
    y_true = _ops.convert(y_true, y_pred.dtype, y_pred.device)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    return _ops.mean(binary_crossentropy_elementwise(y_true, y_pred, from_logits=from_logits), axis=axis)


class BinaryCrossentropy(LossFunctionWrapper):
    """Computes the crossentropy between binary labels and predicted probabilities (or logits).

    For binary (0 or 1) classification, one or more independent outputs per sample. `y_pred` is a
    probability in [0, 1] by default, or a logit in (-inf, inf) with `from_logits=True`, which is more
    stable and is what a final `Dense` layer without activation produces.

    Args:
        from_logits: Whether `y_pred` holds logits rather than probabilities. Defaults to `False`.
        label_smoothing: Float in [0, 1]. When > 0, labels are squeezed towards 0.5, which discourages
            over-confident predictions. Defaults to `0.0`.
        axis: The axis along which the mean is computed (the features axis). Defaults to `-1`.
        reduction: See `keras.losses.Loss`. Defaults to `"sum_over_batch_size"`.
        name: Optional name for the loss instance. Defaults to `"binary_crossentropy"`.
        dtype: The dtype the loss computes in. Defaults to `keras.backend.floatx()`.

    Example:

    >>> bce = keras.losses.BinaryCrossentropy(from_logits=True)
    >>> bce([[0, 1], [0, 0]], [[-18.6, 0.51], [2.94, -12.8]])
    0.8654
    """

    def __init__(
        self,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="binary_crossentropy",
        dtype=None,
    ):
        _ops.check_label_smoothing(label_smoothing)
        super().__init__(
            binary_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis

    def get_config(self):
        config = Loss.get_config(self)
        config.update({"from_logits": self.from_logits, "label_smoothing": self.label_smoothing, "axis": self.axis})
        return config
