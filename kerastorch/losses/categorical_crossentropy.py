"""`CategoricalCrossentropy` and `categorical_crossentropy`: the log loss of one-hot (or soft) class labels."""

import warnings

import torch

from kerastorch.losses import _ops
from kerastorch.losses.loss import Loss
from kerastorch.losses.loss_function_wrapper import LossFunctionWrapper


def categorical_crossentropy_elementwise(target, output, from_logits=False, axis=-1):
    """`-sum(target * log(p), axis)`, with `p = softmax(output)` from logits, else `output` renormalized to
    sum to 1 and clipped to `[epsilon, 1 - epsilon]` (Keras's guard against `log(0)`)."""
    if target.shape != output.shape:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape. "
            f"Received: target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}"
        )
    if target.dim() < 1:
        raise ValueError(
            "Arguments `target` and `output` must be at least rank 1. "
            f"Received: target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}"
        )
    if from_logits:
        log_prob = _ops.log_softmax(output, axis=axis)
    else:
        output = output / torch.sum(output, dim=axis, keepdim=True)
        log_prob = torch.log(_ops.clip_probabilities(output))
    return -torch.sum(target * log_prob, dim=axis)


def smooth_categorical_labels(y_true, label_smoothing):
    """`y_true * (1 - label_smoothing) + label_smoothing / num_classes`."""
    num_classes = _ops.const(y_true.shape[-1], y_true.dtype, y_true.device)
    return y_true * (1.0 - label_smoothing) + (label_smoothing / num_classes)


def warn_if_single_class(y_pred, loss_name):
    if y_pred.dim() and y_pred.shape[-1] == 1:
        warnings.warn(
            f"In loss {loss_name}, expected y_pred.shape to be (batch_size, num_classes) with num_classes > 1. "
            f"Received: y_pred.shape={tuple(y_pred.shape)}. Consider using 'binary_crossentropy' if you only "
            "have 2 classes.",
            SyntaxWarning,
            stacklevel=3,
        )


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """The categorical crossentropy along `axis`.

    Args:
        y_true: One-hot (or soft) labels.
        y_pred: Predicted probabilities, or logits if `from_logits=True`, same shape.
        from_logits: Whether `y_pred` holds logits rather than probabilities.
        label_smoothing: Float in [0, 1]. With `0.1`, targets become `0.9 + 0.1 / num_classes` and the others
            `0.1 / num_classes`.
        axis: The class axis. Defaults to `-1`.

    Returns:
        The per-sample losses, `y_pred`'s shape without `axis`.
    """
    _ops.check_axis_is_int(axis)
    y_pred = _ops.convert(y_pred)
    y_true = _ops.convert(y_true, y_pred.dtype, y_pred.device)
    warn_if_single_class(y_pred, "categorical_crossentropy")
    if label_smoothing:
        y_true = smooth_categorical_labels(y_true, label_smoothing)
    return categorical_crossentropy_elementwise(y_true, y_pred, from_logits=from_logits, axis=axis)


class CategoricalCrossentropy(LossFunctionWrapper):
    """Computes the crossentropy between one-hot labels and predicted class probabilities (or logits).

    For two or more mutually exclusive classes with labels given one-hot: `y_true` and `y_pred` both have
    shape `(batch_size, num_classes)`. For integer labels use `SparseCategoricalCrossentropy`, which needs
    no one-hot matrix.

    Args:
        from_logits: Whether `y_pred` holds logits rather than probabilities. Defaults to `False`.
        label_smoothing: Float in [0, 1]. When > 0, targets are relaxed towards the uniform distribution:
            with `0.1`, `0.1 / num_classes` for non-target classes and `0.9 + 0.1 / num_classes` for the
            target. Defaults to `0.0`.
        axis: The class axis. Defaults to `-1`.
        reduction: See `keras.losses.Loss`. Defaults to `"sum_over_batch_size"`.
        name: Optional name for the loss instance. Defaults to `"categorical_crossentropy"`.
        dtype: The dtype the loss computes in. Defaults to `keras.backend.floatx()`.

    Example:

    >>> cce = keras.losses.CategoricalCrossentropy()
    >>> cce([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
    1.177
    """

    def __init__(
        self,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="categorical_crossentropy",
        dtype=None,
    ):
        _ops.check_label_smoothing(label_smoothing)
        super().__init__(
            categorical_crossentropy,
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
