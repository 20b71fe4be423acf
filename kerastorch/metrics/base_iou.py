"""The base of the IoU metrics: a `(num_classes, num_classes)` confusion matrix accumulated on the device."""

import warnings

import torch

from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.metrics._utils import to_tensor
from kerastorch.metrics.metric import Metric


class _IoUBase(Metric):
    """Accumulates the confusion matrix (rows: true class, columns: predicted class) IoU metrics read.

    Args:
        num_classes: The possible number of labels the prediction task can have.
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result; defaults to `"int32"`, so the matrix counts exactly.
        ignore_class: Optional integer: the class id whose samples are left out (e.g. a "void" class).
        sparse_y_true: Whether labels are integers (`True`) or one-hot / scores, reduced with an arg-max.
        sparse_y_pred: Whether predictions are integers (`True`) or scores, reduced with an arg-max.
        axis: (Optional) The axis holding the classes when an arg-max is taken. Defaults to `-1`.
    """

    def __init__(
        self, num_classes, name=None, dtype=None, ignore_class=None, sparse_y_true=True, sparse_y_pred=True, axis=-1
    ):
        # Integer counts by default, so the matrix stays exact however many samples it sees.
        super().__init__(name=name, dtype=dtype or "int")
        self._direction = "up"
        self.num_classes = num_classes
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self.total_cm = self.add_variable(
            name="total_confusion_matrix", shape=(num_classes, num_classes), initializer="zeros", dtype=self.dtype
        )

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Accumulates the confusion matrix statistics.

        Args:
            y_true: The ground truth values.
            y_pred: The predicted values.
            sample_weight: Optional weighting of each example. Can be a tensor whose rank is either 0, or the
                same as `y_true`, and must be broadcastable to `y_true`. Defaults to `1`.
        """
        dtype = to_torch_dtype(self.dtype)
        if not self.sparse_y_true:
            y_true = torch.argmax(to_tensor(y_true, device=self._device), dim=self.axis)
        if not self.sparse_y_pred:
            y_pred = torch.argmax(to_tensor(y_pred, device=self._device), dim=self.axis)
        y_true = to_tensor(y_true, device=self._device).to(dtype).reshape(-1)
        y_pred = to_tensor(y_pred, device=self._device).to(dtype).reshape(-1)
        if sample_weight is None:
            sample_weight = torch.ones_like(y_true)
        else:
            sample_weight = to_tensor(sample_weight, device=self._device)
            if sample_weight.is_floating_point() and not dtype.is_floating_point:
                # Dtype metadata only: no sync.
                warnings.warn(
                    "You are passing weight as `float`, but dtype is `int`. This may result in an incorrect weight "
                    "due to type casting Consider using integer weights.",
                    stacklevel=2,
                )
            sample_weight = sample_weight.to(dtype)
            if sample_weight.dim() > 1:
                sample_weight = sample_weight.reshape(-1)
            sample_weight = torch.broadcast_to(sample_weight, y_true.shape)
        # Out-of-range ids (and the ignored class) get weight 0 and a safe index, rather than being filtered
        # out, which would need their count on the host.
        valid = (y_true >= 0) & (y_true < self.num_classes) & (y_pred >= 0) & (y_pred < self.num_classes)
        if self.ignore_class is not None:
            valid = valid & (y_true != self.ignore_class)
        zero = torch.zeros((), dtype=dtype, device=y_true.device)
        y_true = torch.where(valid, y_true, zero).to(torch.int64)
        y_pred = torch.where(valid, y_pred, zero).to(torch.int64)
        sample_weight = torch.where(valid, sample_weight, zero)
        with torch.no_grad():
            self.total_cm.view(-1).scatter_add_(0, y_true * self.num_classes + y_pred, sample_weight)

    def reset_state(self):
        with torch.no_grad():
            self.total_cm.zero_()

    def _iou(self, target_class_ids):
        """The mean IoU over `target_class_ids`, counting only classes that occur (non-zero denominator)."""
        from kerastorch.backend import config

        cm = self.total_cm.detach()
        compute = to_torch_dtype(self.dtype)
        sum_over_row = cm.sum(dim=0).to(compute)
        sum_over_col = cm.sum(dim=1).to(compute)
        true_positives = torch.diagonal(cm).to(compute)
        # sum_over_row + sum_over_col = 2 * true_positives + false_positives + false_negatives.
        denominator = sum_over_row + sum_over_col - true_positives
        index = self._target_class_ids_tensor.to(cm.device)
        true_positives = true_positives[index].to(torch.float32)
        denominator = denominator[index].to(torch.float32)
        valid_entries = denominator > 1e-9
        iou = true_positives / (denominator + config.epsilon())
        # Classes that never occur count 0, and are left out of the average.
        iou = torch.where(valid_entries, iou, torch.zeros_like(iou))
        return iou.sum(dim=self.axis) / (valid_entries.to(torch.float32).sum() + config.epsilon())
