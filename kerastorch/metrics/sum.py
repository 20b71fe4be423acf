"""`Sum`: the running (weighted) sum of the values it is given."""

import torch

from kerastorch.metrics._utils import reduce_to_samplewise_values
from kerastorch.metrics.metric import Metric


class Sum(Metric):
    """Computes the (weighted) sum of the given values.

    If `values` is `[1, 3, 5, 7]` the sum is 16; with `sample_weight=[1, 1, 0, 0]` it is 4. Useful to total
    a quantity (examples seen, a count of events) across batches. State: one variable, `total`.

    Args:
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.

    Example:

    >>> m = keras.metrics.Sum()
    >>> m.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
    >>> float(m.result())
    4.0
    """

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype, name="total")

    def update_state(self, values, sample_weight=None):
        values, _ = reduce_to_samplewise_values(values, sample_weight, torch.sum, self.dtype, device=self._device)
        with torch.no_grad():
            self.total.add_(values.sum())

    def result(self):
        return self.total.detach().clone()
