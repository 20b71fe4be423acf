"""`ActivityRegularization`: adds an L1/L2 penalty on its inputs to the losses."""

from kerastorch import regularizers
from kerastorch.layers.layer import Layer


class ActivityRegularization(Layer):
    """Passes its inputs through unchanged and adds `l1 * sum(|x|) + l2 * sum(x ** 2)`, divided by the batch
    size, to the layer's `losses`.

    Args:
        l1: L1 regularization factor (non-negative float).
        l2: L2 regularization factor (non-negative float).
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.
    """

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        super().__init__(activity_regularizer=regularizers.L1L2(l1=l1, l2=l2), **kwargs)
        self.supports_masking = True
        self.l1 = l1
        self.l2 = l2
        self.built = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.pop("activity_regularizer", None)
        return {**config, "l1": self.l1, "l2": self.l2}
