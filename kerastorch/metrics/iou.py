"""`IoU`: intersection-over-union of chosen classes, the standard score of semantic segmentation."""

import torch

from kerastorch.metrics.base_iou import _IoUBase


class IoU(_IoUBase):
    """Computes the Intersection-Over-Union metric for specific target classes.

    For one class, `IoU = true_positives / (true_positives + false_positives + false_negatives)`. The result
    is the mean IoU over `target_class_ids`, computed from a confusion matrix accumulated over all batches;
    target classes that never occur (in labels or predictions) are left out of the mean.

    Args:
        num_classes: The possible number of labels the prediction task can have.
        target_class_ids: A tuple or list of target class ids for which the metric is returned. To compute IoU
            for a single class, pass one id.
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.
        ignore_class: Optional integer. The ID of a class to be ignored during metric computation, e.g. a
            "void" class. By default (`ignore_class=None`), all classes are considered.
        sparse_y_true: Whether labels are encoded using integers or dense floating point vectors. If `False`,
            the `argmax` function is used to determine each sample's most likely associated label.
        sparse_y_pred: Whether predictions are encoded using integers or dense floating point vectors. If
            `False`, the `argmax` function is used to determine each sample's most likely associated label.
        axis: (Optional) The dimension containing the logits. Defaults to `-1`.

    Example:

    >>> m = keras.metrics.IoU(num_classes=2, target_class_ids=[0])
    >>> m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
    >>> float(m.result())  # class 0: 1 / (2 + 2 - 1)
    0.3333333...
    """

    def __init__(
        self,
        num_classes,
        target_class_ids,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(
            name=name,
            num_classes=num_classes,
            ignore_class=ignore_class,
            sparse_y_true=sparse_y_true,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
            dtype=dtype,
        )
        if max(target_class_ids) >= num_classes:
            raise ValueError(
                f"Target class id {max(target_class_ids)} is out of range, which is [0, {num_classes}). "
                f"Received: target_class_ids={target_class_ids}"
            )
        self.target_class_ids = list(target_class_ids)
        # Built once here (and moved by `to()`), so `result()` makes no host-to-device copy.
        self._target_class_ids_tensor = torch.as_tensor(self.target_class_ids, dtype=torch.int64, device=self._device)

    def result(self):
        return self._iou(self.target_class_ids)

    def get_config(self):
        config = {
            "num_classes": self.num_classes,
            "target_class_ids": self.target_class_ids,
            "ignore_class": self.ignore_class,
            "sparse_y_true": self.sparse_y_true,
            "sparse_y_pred": self.sparse_y_pred,
            "axis": self.axis,
        }
        return {**super().get_config(), **config}
