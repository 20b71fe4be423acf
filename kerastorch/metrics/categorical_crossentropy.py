"""`CategoricalCrossentropy`: the mean cross-entropy between one-hot labels and predicted distributions."""

from kerastorch.metrics._utils import loss_function
from kerastorch.metrics.mean_metric_wrapper import MeanMetricWrapper


class CategoricalCrossentropy(MeanMetricWrapper):
    """Computes the crossentropy metric between the labels and predictions.

    For multi-class problems with one-hot labels (for integer labels use `SparseCategoricalCrossentropy`):
    the same quantity as the `CategoricalCrossentropy` loss, averaged over every sample seen.

    Args:
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.
        from_logits: (Optional) Whether output is expected to be a logits tensor. By default, we consider that
            output encodes a probability distribution.
        label_smoothing: (Optional) Float in `[0, 1]`. When > 0, label values are smoothed, meaning the
            confidence on label values are relaxed. e.g. `label_smoothing=0.2` means that we will use a value
            of 0.1 for label "0" and 0.9 for label "1".
        axis: (Optional) Defaults to `-1`. The dimension along which entropy is computed.

    Example:

    >>> m = keras.metrics.CategoricalCrossentropy()
    >>> m.update_state([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
    """

    def __init__(self, name="categorical_crossentropy", dtype=None, from_logits=False, label_smoothing=0, axis=-1):
        super().__init__(
            loss_function("categorical_crossentropy"),
            name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis
        self._direction = "down"

    def get_config(self):
        return {
            "name": self.name,
            "dtype": self.dtype,
            "from_logits": self.from_logits,
            "label_smoothing": self.label_smoothing,
            "axis": self.axis,
        }
