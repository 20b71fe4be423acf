"""`BinaryIoU`: IoU for binary tasks, with predictions thresholded into 0 / 1."""

import torch

from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.metrics._utils import to_tensor
from kerastorch.metrics.iou import IoU


class BinaryIoU(IoU):
    """Computes the Intersection-Over-Union metric for class 0 and/or 1.

    Predictions at or above `threshold` become class 1, the rest class 0; labels are 0 / 1. With the default
    `target_class_ids=(0, 1)` the result is the mean of both classes' IoU.

    Args:
        target_class_ids: A tuple or list of target class ids for which the metric is returned. Options are
            `[0]`, `[1]`, or `[0, 1]`. Defaults to `(0, 1)`.
        threshold: A threshold that applies to the prediction logits to convert them to either predicted class
            0 if the logit is below `threshold` or predicted class 1 if the logit is above `threshold`.
            Defaults to `0.5`.
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.

    Example:

    >>> m = keras.metrics.BinaryIoU(target_class_ids=[0, 1], threshold=0.3)
    >>> m.update_state([0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7])
    >>> float(m.result())
    0.3333333...
    """

    def __init__(self, target_class_ids=(0, 1), threshold=0.5, name=None, dtype=None):
        super().__init__(num_classes=2, target_class_ids=target_class_ids, name=name, dtype=dtype)
        self.threshold = threshold

    def update_state(self, y_true, y_pred, sample_weight=None):
        dtype = to_torch_dtype(self.dtype)
        y_true = to_tensor(y_true, device=self._device).to(dtype)
        # Thresholded in float32, then cast to the counting dtype.
        y_pred = (to_tensor(y_pred, "float32", device=self._device) >= self.threshold).to(dtype)
        return super().update_state(y_true, y_pred, sample_weight)

    def get_config(self):
        return {
            "target_class_ids": self.target_class_ids,
            "threshold": self.threshold,
            "name": self.name,
            "dtype": self._dtype,
        }
