"""`UpSampling1D`: repeats each step `size` times."""

from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer
from kerastorch.layers.reshaping._repeat import repeat_axes


class UpSampling1D(Layer):
    """Upsampling layer for 1D inputs: repeats each step `size` times along the steps axis.

    Args:
        size: Positive int, the upsampling factor.

    Input shape:
        `(batch_size, steps, features)`.

    Output shape:
        `(batch_size, steps * size, features)`.

    Example:

    >>> x = np.arange(4, dtype="float32").reshape(1, 2, 2)
    >>> keras.layers.UpSampling1D(size=2)(x)[0]
    tensor([[0., 1.],
            [0., 1.],
            [2., 3.],
            [2., 3.]])
    """

    def __init__(self, size=2, **kwargs):
        super().__init__(**kwargs)
        if isinstance(size, bool) or not isinstance(size, int):
            raise TypeError(f"Layer '{self.name}': `size` must be an int. Received: size={size!r}")
        if size <= 0:
            raise ValueError(f"Layer '{self.name}': `size` must be a positive int. Received: size={size}")
        self.size = size
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs):
        return repeat_axes(inputs, 1, (self.size,))

    def compute_output_shape(self, input_shape):
        steps = None if input_shape[1] is None else input_shape[1] * self.size
        return (input_shape[0], steps, input_shape[2])

    def get_config(self):
        return {**super().get_config(), "size": self.size}
