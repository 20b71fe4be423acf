"""`CTC` and `ctc`: the Connectionist Temporal Classification loss, for unaligned sequence labels."""

import torch
import torch.nn.functional as F

from kerastorch.losses import _ops
from kerastorch.losses.loss import Loss
from kerastorch.losses.loss_function_wrapper import LossFunctionWrapper


def ctc(y_true, y_pred):
    """The CTC loss of each sequence, with class 0 as the blank.

    Args:
        y_true: Integer labels, shape `(batch_size, max_length)`, padded with 0 (the blank/mask index, which
            is therefore never a real class). A sequence's label length is its number of non-zero entries.
        y_pred: Logits (not softmax outputs), shape `(batch_size, max_length, num_classes)`; every sequence
            uses all `max_length` timesteps.

    Returns:
        The per-sequence losses, shape `(batch_size,)`.
    """
    y_pred = _ops.convert(y_pred)
    y_true = _ops.convert(y_true, device=y_pred.device)
    if y_true.dim() != 2:
        raise ValueError(
            "Targets `y_true` are expected to be a tensor of shape `(batch_size, max_length)` in integer format. "
            f"Received: y_true.shape={tuple(y_true.shape)}"
        )
    if y_pred.dim() != 3:
        raise ValueError(
            "Logits `y_pred` are expected to be a tensor of shape `(batch_size, max_length, num_classes)`. "
            f"Received: y_pred.shape={tuple(y_pred.shape)}"
        )
    mask_index = 0
    batch_size, max_length = y_pred.shape[0], y_pred.shape[1]
    input_length = torch.full((batch_size,), max_length, dtype=torch.int32, device=y_pred.device)
    label_length = torch.sum(y_true != mask_index, dim=-1).to(torch.int32)
    # CTC runs in at least float32, as in Keras (half-precision log-probabilities underflow along a sequence).
    output = y_pred.to(torch.promote_types(y_pred.dtype, torch.float32))
    log_probs = F.log_softmax(torch.transpose(output, 1, 0), dim=-1)
    return F.ctc_loss(
        log_probs, y_true.to(torch.long), input_length, label_length, blank=mask_index, reduction="none"
    )


class CTC(LossFunctionWrapper):
    """Computes the CTC (Connectionist Temporal Classification) loss.

    For sequence outputs whose alignment with the labels is unknown (speech, handwriting): the loss sums
    over every alignment of the label sequence to the output timesteps. Class 0 is reserved as the blank.

    Args:
        reduction: See `keras.losses.Loss`. Defaults to `"sum_over_batch_size"`.
        name: Optional name for the loss instance. Defaults to `"ctc"`.
        dtype: The dtype the loss computes in. Defaults to `keras.backend.floatx()`.
    """

    def __init__(self, reduction="sum_over_batch_size", name="ctc", dtype=None):
        super().__init__(ctc, name=name, reduction=reduction, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)
