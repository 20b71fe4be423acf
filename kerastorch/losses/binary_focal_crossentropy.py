"""`BinaryFocalCrossentropy` and `binary_focal_crossentropy`: binary crossentropy that down-weights easy
examples (Lin et al., 2018)."""

import torch

from kerastorch.losses import _ops
from kerastorch.losses.binary_crossentropy import binary_crossentropy_elementwise
from kerastorch.losses.loss import Loss
from kerastorch.losses.loss_function_wrapper import LossFunctionWrapper


def binary_focal_crossentropy(
    y_true, y_pred, apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0,
    axis=-1,
):
    """The binary focal crossentropy, averaged over `axis`.

    Each element's crossentropy is multiplied by `(1 - p_t) ** gamma`, where `p_t` is the probability given
    to the true label, so confident correct predictions contribute little. With `apply_class_balancing`,
    also by `alpha` for class 1 and `1 - alpha` for class 0.

    Args:
        y_true: Labels in [0, 1], shape `(batch_size, d0, ..., dN)`.
        y_pred: Predicted probabilities, or logits if `from_logits=True`, same shape.
        apply_class_balancing: Whether to weight the two classes by `alpha` and `1 - alpha`.
        alpha: The weight of class 1 when balancing. Defaults to `0.25`.
        gamma: The focusing parameter; 0 gives the plain binary crossentropy. Defaults to `2.0`.
        from_logits: Whether `y_pred` holds logits rather than probabilities.
        label_smoothing: Float in [0, 1]; labels are squeezed towards 0.5.
        axis: The axis the mean is taken over. Defaults to `-1`.

    Returns:
        The per-sample losses, shape `(batch_size, d0, ..., dN-1)`.
    """
    y_pred = _ops.convert(y_pred)
    y_true = _ops.convert(y_true, y_pred.dtype, y_pred.device)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        # Keras computes the focal terms from probabilities, and so the crossentropy with clipping too.
        y_pred = torch.sigmoid(y_pred)
    bce = binary_crossentropy_elementwise(y_true, y_pred, from_logits=False)
    p_t = y_true * y_pred + (1 - y_true) * (1 - y_pred)
    focal_factor = torch.pow(1.0 - p_t, _ops.scalar_operand(gamma, y_pred.device))
    focal_bce = focal_factor * bce
    if apply_class_balancing:
        weight = y_true * alpha + (1 - y_true) * (1 - alpha)
        focal_bce = weight * focal_bce
    return _ops.mean(focal_bce, axis=axis)


class BinaryFocalCrossentropy(LossFunctionWrapper):
    """Computes the focal crossentropy between binary labels and predictions.

    For binary classification with many easy negatives (dense object detection, rare events): the
    crossentropy of each element is scaled by `(1 - p_t) ** gamma`, so the loss concentrates on the examples
    the model still gets wrong ([Lin et al., 2018](https://arxiv.org/abs/1708.02002)). With `gamma=0` it is
    the binary crossentropy.

    Args:
        apply_class_balancing: Whether to weight class 1 by `alpha` and class 0 by `1 - alpha`.
            Defaults to `False`.
        alpha: The weight of class 1 when balancing, in [0, 1]. Defaults to `0.25`.
        gamma: The focusing parameter. Defaults to `2.0`.
        from_logits: Whether `y_pred` holds logits rather than probabilities. Defaults to `False`.
        label_smoothing: Float in [0, 1]; labels are squeezed towards 0.5. Defaults to `0.0`.
        axis: The axis along which the mean is computed. Defaults to `-1`.
        reduction: See `keras.losses.Loss`. Defaults to `"sum_over_batch_size"`.
        name: Optional name for the loss instance. Defaults to `"binary_focal_crossentropy"`.
        dtype: The dtype the loss computes in. Defaults to `keras.backend.floatx()`.

    Example:

    >>> loss = keras.losses.BinaryFocalCrossentropy(gamma=2, from_logits=True)
    >>> loss([0, 1, 0, 0], [-18.6, 0.51, 2.94, -12.8])
    0.691
    """

    def __init__(
        self,
        apply_class_balancing=False,
        alpha=0.25,
        gamma=2.0,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="binary_focal_crossentropy",
        dtype=None,
    ):
        _ops.check_label_smoothing(label_smoothing)
        super().__init__(
            binary_focal_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            apply_class_balancing=apply_class_balancing,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis
        self.apply_class_balancing = apply_class_balancing
        self.alpha = alpha
        self.gamma = gamma

    def get_config(self):
        config = Loss.get_config(self)
        config.update(
            {
                "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing,
                "axis": self.axis,
                "apply_class_balancing": self.apply_class_balancing,
                "alpha": self.alpha,
                "gamma": self.gamma,
            }
        )
        return config
