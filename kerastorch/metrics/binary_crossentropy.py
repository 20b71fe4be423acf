"""`BinaryCrossentropy`: the mean binary cross-entropy between labels and predictions."""

from kerastorch.metrics._utils import loss_function
from kerastorch.metrics.mean_metric_wrapper import MeanMetricWrapper


class BinaryCrossentropy(MeanMetricWrapper):
    """Computes the crossentropy metric between the labels and predictions.

    For two-class problems (and multi-label ones, one sigmoid per label): the same quantity as the
    `BinaryCrossentropy` loss, averaged over every sample seen.

    Args:
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.
        from_logits: (Optional) Whether output is expected to be a logits tensor. By default, we consider that
            output encodes a probability distribution.
        label_smoothing: (Optional) Float in `[0, 1]`. When > 0, label values are smoothed, meaning the
            confidence on label values are relaxed. e.g. `label_smoothing=0.2` means that we will use a value
            of 0.1 for label "0" and 0.9 for label "1".

    Example:

    >>> m = keras.metrics.BinaryCrossentropy()
    >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    """

    def __init__(self, name="binary_crossentropy", dtype=None, from_logits=False, label_smoothing=0):
        super().__init__(
            loss_function("binary_crossentropy"),
            name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self._direction = "down"

    def get_config(self):
        return {
            "name": self.name,
            "dtype": self.dtype,
            "from_logits": self.from_logits,
            "label_smoothing": self.label_smoothing,
        }
