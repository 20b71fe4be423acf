"""`MeanIoU`: IoU averaged over every class."""

from kerastorch.metrics.iou import IoU


class MeanIoU(IoU):
    """Computes the mean Intersection-Over-Union metric.

    The IoU of each class (`true_positives / (true_positives + false_positives + false_negatives)`), averaged
    over the classes that occur. The usual single-number score of semantic segmentation.

    Args:
        num_classes: The possible number of labels the prediction task can have.
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

    >>> m = keras.metrics.MeanIoU(num_classes=2)
    >>> m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
    >>> float(m.result())
    0.3333333...
    """

    def __init__(
        self, num_classes, name=None, dtype=None, ignore_class=None, sparse_y_true=True, sparse_y_pred=True, axis=-1
    ):
        super().__init__(
            name=name,
            num_classes=num_classes,
            target_class_ids=list(range(num_classes)),
            axis=axis,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=sparse_y_true,
            sparse_y_pred=sparse_y_pred,
        )

    def get_config(self):
        return {
            "num_classes": self.num_classes,
            "name": self.name,
            "dtype": self._dtype,
            "ignore_class": self.ignore_class,
            "sparse_y_true": self.sparse_y_true,
            "sparse_y_pred": self.sparse_y_pred,
            "axis": self.axis,
        }
