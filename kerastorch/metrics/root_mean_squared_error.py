"""`RootMeanSquaredError`: the square root of the mean squared error over everything seen."""

import torch

from kerastorch.metrics._utils import squeeze_or_expand_to_same_rank
from kerastorch.metrics._utils import to_tensor
from kerastorch.metrics.mean import Mean


class RootMeanSquaredError(Mean):
    """Computes root mean squared error metric between `y_true` and `y_pred`.

    `sqrt(mean(square(y_true - y_pred)))`, with the mean taken over all samples seen before the root (not an
    average of per-batch roots).

    Args:
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.

    Example:

    >>> m = keras.metrics.RootMeanSquaredError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name, dtype=dtype)
        self._direction = "down"

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Accumulates root mean squared error statistics.

        Args:
            y_true: The ground truth values.
            y_pred: The predicted values.
            sample_weight: Optional weighting of each example. Can be a tensor whose rank is either 0, or the
                same rank as `y_true`, and must be broadcastable to `y_true`. Defaults to `1`.
        """
        y_true = to_tensor(y_true, self.dtype, device=self._device)
        y_pred = to_tensor(y_pred, self.dtype, device=self._device)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return super().update_state(torch.square(y_pred - y_true), sample_weight=sample_weight)

    def result(self):
        return torch.sqrt(super().result())
