"""`RepeatVector`: repeats each input vector `n` times along a new axis."""

from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer


class RepeatVector(Layer):
    """Turns `(batch, features)` into `(batch, n, features)` by repeating each vector `n` times.

    Typically feeds one encoding to every step of a decoder RNN.

    Args:
        n: Positive integer, the number of repetitions.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Input shape:
        `(batch_size, features)`.

    Output shape:
        `(batch_size, n, features)`.
    """

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"RepeatVector layer '{self.name}': `n` must be an integer. Received: n={n!r}")
        if n <= 0:
            raise ValueError(f"RepeatVector layer '{self.name}': `n` must be a positive integer. Received: n={n}")
        self.n = n
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs):
        # A real copy, not an expand() view: later in-place ops on the output must not alias the input.
        return inputs.unsqueeze(1).repeat(1, self.n, 1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def get_config(self):
        return {**super().get_config(), "n": self.n}
