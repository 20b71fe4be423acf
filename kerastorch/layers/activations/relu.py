"""`ReLU`: the rectified linear unit, with an optional cap, leak and threshold."""

from kerastorch import activations
from kerastorch.layers.layer import Layer


class ReLU(Layer):
    """Rectified linear unit.

    Computes `min(x, max_value)` for `x >= threshold` and `negative_slope * (x - threshold)` otherwise; the
    defaults give the plain `max(x, 0)`. The arguments exist so that ReLU6 (`max_value=6`) and leaky or
    thresholded variants are one layer with one config.

    Args:
        max_value: Non-negative float, the largest output; None for no cap.
        negative_slope: Non-negative float, the slope below the threshold.
        threshold: Non-negative float, the value below which the output is damped.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.
    """

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        if max_value is not None and max_value < 0.0:
            raise ValueError(
                f"ReLU layer '{self.name}': `max_value` cannot be negative. Received: max_value={max_value}"
            )
        if negative_slope is None or negative_slope < 0.0:
            raise ValueError(
                f"ReLU layer '{self.name}': `negative_slope` must be a non-negative float. "
                f"Received: negative_slope={negative_slope}"
            )
        if threshold is None or threshold < 0.0:
            raise ValueError(
                f"ReLU layer '{self.name}': `threshold` must be a non-negative float. Received: threshold={threshold}"
            )
        self.max_value = max_value
        self.negative_slope = negative_slope
        self.threshold = threshold
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.relu(
            inputs, negative_slope=self.negative_slope, max_value=self.max_value, threshold=self.threshold
        )

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "max_value": self.max_value,
            "negative_slope": self.negative_slope,
            "threshold": self.threshold,
        }
