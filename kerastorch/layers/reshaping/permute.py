"""`Permute`: reorders the non-batch axes of each sample."""

from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer


class Permute(Layer):
    """Permutes the axes of each sample; the batch axis stays first.

    Args:
        dims: Tuple of ints, the new order of the axes, numbered from 1 (the batch is axis 0). `(2, 1)` swaps
            the two axes of a `(batch, steps, features)` input.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Input shape:
        `(batch_size, d1, ..., dn)` with `n == len(dims)`.

    Output shape:
        `(batch_size, d_dims[0], ..., d_dims[n-1])`.
    """

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError(
                f"Permute layer '{self.name}': `dims` must hold each of 1..{len(self.dims)} exactly once (the "
                f"batch axis 0 is not permuted). Received: dims={dims}"
            )
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def call(self, inputs):
        return inputs.permute(0, *self.dims)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], *(input_shape[d] for d in self.dims))

    def get_config(self):
        return {**super().get_config(), "dims": self.dims}
