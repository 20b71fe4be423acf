"""`Mean`: the running (weighted) mean of the values it is given; the base of every averaged metric."""

import torch

from kerastorch.metrics._utils import divide_no_nan
from kerastorch.metrics._utils import reduce_to_samplewise_values
from kerastorch.metrics.metric import Metric


class Mean(Metric):
    """Computes the (weighted) mean of the given values.

    If `values` is `[1, 3, 5, 7]` the mean is 4; with `sample_weight=[1, 1, 0, 0]` it is 2. Values with more
    than one axis are first averaged per sample. State: `total` (weighted sum) and `count` (sum of weights, or
    number of samples); the result is `total / count`, 0 before any update.

    Args:
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.

    Example:

    >>> m = keras.metrics.Mean()
    >>> m.update_state([1, 3, 5, 7])
    >>> float(m.result())
    4.0
    """

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype, name="total")
        self.count = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype, name="count")

    def update_state(self, values, sample_weight=None):
        if (
            isinstance(values, torch.Tensor) and values.dim() == 0 and values.dtype == self.total.dtype
            and isinstance(sample_weight, (int, float)) and values.device == self.total.device
        ):
            # The trainer's loss tracker: one scalar weighted by the batch size, every step. Two kernels.
            with torch.no_grad():
                self.total.add_(values.detach(), alpha=sample_weight)
                self.count.add_(sample_weight)
            return
        values, sample_weight = reduce_to_samplewise_values(
            values, sample_weight, torch.mean, self.dtype, device=self._device
        )
        with torch.no_grad():
            self.total.add_(values.sum())
            if sample_weight is not None:
                self.count.add_(sample_weight.sum())
            else:
                # The batch size is shape metadata: counting it costs no sync.
                self.count.add_(values.shape[0] if values.dim() >= 1 else 1)

    def result(self):
        return divide_no_nan(self.total.detach(), self.count.detach())
