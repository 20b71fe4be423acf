"""`SparseCategoricalCrossentropy`: the mean cross-entropy between integer labels and predicted
distributions."""

from kerastorch.metrics._utils import loss_function
from kerastorch.metrics.mean_metric_wrapper import MeanMetricWrapper


class SparseCategoricalCrossentropy(MeanMetricWrapper):
    """Computes the crossentropy metric between the labels and predictions.

    For multi-class problems with integer labels (for one-hot labels use `CategoricalCrossentropy`): the same
    quantity as the `SparseCategoricalCrossentropy` loss, averaged over every sample seen.

    Args:
        name: (Optional) string name of the metric instance.
        dtype: (Optional) data type of the metric result.
        from_logits: (Optional) Whether output is expected to be a logits tensor. By default, we consider that
            output encodes a probability distribution.
        ignore_class: (Optional) Integer. The ID of a class to be ignored during metric computation (e.g. a
            "void" class in segmentation); its samples count 0. Defaults to `None`.
        axis: (Optional) Defaults to `-1`. The dimension along which entropy is computed.

    Example:

    >>> m = keras.metrics.SparseCategoricalCrossentropy()
    >>> m.update_state([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
    """

    def __init__(
        self, name="sparse_categorical_crossentropy", dtype=None, from_logits=False, ignore_class=None, axis=-1
    ):
        super().__init__(
            loss_function("sparse_categorical_crossentropy"),
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )
        self.from_logits = from_logits
        self.ignore_class = ignore_class
        self.axis = axis
        self._direction = "down"

    def get_config(self):
        return {
            "name": self.name,
            "dtype": self.dtype,
            "from_logits": self.from_logits,
            "ignore_class": self.ignore_class,
            "axis": self.axis,
        }
