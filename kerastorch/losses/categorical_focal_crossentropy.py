"""`CategoricalFocalCrossentropy` and `categorical_focal_crossentropy`: categorical crossentropy that
down-weights easy examples (Lin et al., 2018)."""

import torch

from kerastorch.backend import config
from kerastorch.losses import _ops
from kerastorch.losses.categorical_crossentropy import smooth_categorical_labels
from kerastorch.losses.categorical_crossentropy import warn_if_single_class
from kerastorch.losses.loss import Loss
from kerastorch.losses.loss_function_wrapper import LossFunctionWrapper


def _alpha_operand(alpha, device):
    # A scalar or a per-class list, as the tensor Keras multiplies by: floatx for Python numbers and lists.
    if isinstance(alpha, (list, tuple)):
        return torch.tensor(alpha, dtype=_ops.floatx_dtype()).to(device, non_blocking=True)
    return _ops.scalar_operand(alpha, device)


def categorical_focal_crossentropy(
    y_true, y_pred, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1
):
    """The categorical focal crossentropy, summed over the class axis.

    `sum(alpha * (1 - p) ** gamma * -y_true * log(p), axis)`, with `p` the predicted probabilities
    (renormalized and clipped to `[epsilon, 1 - epsilon]`).

    Args:
        y_true: One-hot labels.
        y_pred: Predicted probabilities, or logits if `from_logits=True`, same shape.
        alpha: A weight for all classes, or a list with one weight per class. Defaults to `0.25`.
        gamma: The focusing parameter; 0 removes the focal effect. Defaults to `2.0`.
        from_logits: Whether `y_pred` holds logits rather than probabilities.
        label_smoothing: Float in [0, 1], as in `categorical_crossentropy`.
        axis: The class axis. Defaults to `-1`.

    Returns:
        The per-sample losses, `y_pred`'s shape without `axis`.
    """
    _ops.check_axis_is_int(axis)
    y_pred = _ops.convert(y_pred)
    y_true = _ops.convert(y_true, y_pred.dtype, y_pred.device)
    warn_if_single_class(y_pred, "categorical_focal_crossentropy")
    if label_smoothing:
        y_true = smooth_categorical_labels(y_true, label_smoothing)
    if from_logits:
        y_pred = _ops.softmax(y_pred, axis=axis)
    output = y_pred / torch.sum(y_pred, dim=axis, keepdim=True)
    epsilon = config.epsilon()
    device = y_pred.device
    output = torch.clip(output, _ops.scalar_operand(epsilon, device), _ops.scalar_operand(1.0 - epsilon, device))
    cce = -y_true * torch.log(output)
    modulating_factor = torch.pow(1.0 - output, _ops.scalar_operand(gamma, device))
    weighting_factor = torch.multiply(modulating_factor, _alpha_operand(alpha, device))
    return torch.sum(torch.multiply(weighting_factor, cce), dim=axis)


class CategoricalFocalCrossentropy(LossFunctionWrapper):
    """Computes the focal crossentropy between one-hot labels and predictions.

    For imbalanced multi-class problems without `class_weight`: each class's crossentropy term is scaled by
    `alpha * (1 - p) ** gamma`, so well-classified examples contribute little and training concentrates on
    the hard ones ([Lin et al., 2018](https://arxiv.org/abs/1708.02002)). `y_true` and `y_pred` have shape
    `(batch_size, num_classes)`.

    Args:
        alpha: A weight for all classes, or a list of one weight per class (e.g. inverse class frequencies).
            Defaults to `0.25`.
        gamma: The focusing parameter; 0 gives `alpha` times the categorical crossentropy. Defaults to `2.0`.
        from_logits: Whether `y_pred` holds logits rather than probabilities. Defaults to `False`.
        label_smoothing: Float in [0, 1], as in `CategoricalCrossentropy`. Defaults to `0.0`.
        axis: The class axis. Defaults to `-1`.
        reduction: See `keras.losses.Loss`. Defaults to `"sum_over_batch_size"`.
        name: Optional name for the loss instance. Defaults to `"categorical_focal_crossentropy"`.
        dtype: The dtype the loss computes in. Defaults to `keras.backend.floatx()`.

    Example:

    >>> cce = keras.losses.CategoricalFocalCrossentropy()
    >>> cce([[0., 1., 0.], [0., 0., 1.]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
    0.23315276
    """

    def __init__(
        self,
        alpha=0.25,
        gamma=2.0,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="categorical_focal_crossentropy",
        dtype=None,
    ):
        _ops.check_label_smoothing(label_smoothing)
        super().__init__(
            categorical_focal_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis
        self.alpha = alpha
        self.gamma = gamma

    def get_config(self):
        config = Loss.get_config(self)
        config.update(
            {
                "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing,
                "axis": self.axis,
                "alpha": self.alpha,
                "gamma": self.gamma,
            }
        )
        return config
