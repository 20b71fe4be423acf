"""`LeakyReLU`: a ReLU that lets a small gradient through for negative inputs."""

import warnings

from kerastorch import activations
from kerastorch.layers.layer import Layer


class LeakyReLU(Layer):
    """Leaky rectified linear unit: `x` for `x >= 0`, `negative_slope * x` otherwise.

    The leak keeps units that only see negative inputs from going dead. Keras 3's default slope is 0.3
    (not the 0.2 of the `leaky_relu` function).

    Args:
        negative_slope: Non-negative float, the slope for negative inputs. `alpha` is accepted as its
            deprecated Keras 2 name.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.
    """

    def __init__(self, negative_slope=0.3, **kwargs):
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
            warnings.warn("Argument `alpha` is deprecated. Use `negative_slope` instead.", stacklevel=2)
        super().__init__(**kwargs)
        if negative_slope is None or negative_slope < 0:
            raise ValueError(
                f"LeakyReLU layer '{self.name}': `negative_slope` must be a non-negative float. "
                f"Received: negative_slope={negative_slope}"
            )
        self.negative_slope = negative_slope
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.leaky_relu(inputs, negative_slope=self.negative_slope)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "negative_slope": self.negative_slope}
