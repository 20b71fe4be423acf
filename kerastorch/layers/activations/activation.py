"""`Activation`: applies an activation function as a layer of its own."""

from kerastorch import activations
from kerastorch.layers.layer import Layer


class Activation(Layer):
    """Applies an activation function to its input, element-wise.

    A separate layer rather than a `Dense(activation=...)` argument when the activation must sit after
    another transformation (a normalization, a merge) or be visible in the summary.

    Args:
        activation: Activation name (`"relu"`) or callable.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input. A mask on the input passes through.

    Example:

    >>> layer = keras.layers.Activation("relu")
    >>> layer(torch.tensor([-3.0, 0.0, 2.0]))
    tensor([0., 0., 2.])
    """

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "activation": activations.serialize(self.activation)}
