"""`Reshape`: gives each sample a new shape with the same number of values."""

import math

from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.layer import Layer


class Reshape(Layer):
    """Reshapes each sample (the batch axis is kept) to `target_shape`.

    Args:
        target_shape: Tuple of ints, the shape of one sample; one entry may be -1, inferred from the others.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Input shape:
        `(batch_size, ...)`, any rank.

    Output shape:
        `(batch_size, *target_shape)`.

    Example:

    >>> keras.layers.Reshape((-1, 2))(torch.zeros(4, 6)).shape
    torch.Size([4, 3, 2])
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        try:
            target_shape = tuple(target_shape)
        except TypeError:
            raise TypeError(
                f"Reshape layer '{self.name}': `target_shape` must be a tuple of integers. "
                f"Received: target_shape={target_shape!r}"
            ) from None
        if any(isinstance(d, bool) or not isinstance(d, int) or d < -1 for d in target_shape):
            raise ValueError(
                f"Reshape layer '{self.name}': every entry of `target_shape` must be a non-negative integer, or "
                f"-1 for a single unknown size. Received: target_shape={target_shape}"
            )
        if target_shape.count(-1) > 1:
            raise ValueError(
                f"Reshape layer '{self.name}': there must be at most one unknown size (-1) in `target_shape`. "
                f"Received: target_shape={target_shape}"
            )
        self.target_shape = target_shape
        self.built = True

    def _resolve(self, sample_shape):
        """`target_shape` with the -1 worked out (None where the input size is unknown), validated."""
        if None in sample_shape:
            return tuple(None if d == -1 else d for d in self.target_shape)
        size = math.prod(sample_shape)
        known = math.prod(d for d in self.target_shape if d != -1)
        if -1 in self.target_shape and known > 0 and size % known == 0:
            return tuple(size // known if d == -1 else d for d in self.target_shape)
        if -1 not in self.target_shape and known == size:
            return self.target_shape
        raise ValueError(
            f"Reshape layer '{self.name}': the total size of each sample must be unchanged. Received: "
            f"input_shape={tuple(sample_shape)} ({size} values), target_shape={self.target_shape}"
        )

    def call(self, inputs):
        return inputs.reshape(inputs.shape[0], *self._resolve(tuple(inputs.shape[1:])))

    def compute_output_shape(self, input_shape):
        return (input_shape[0], *self._resolve(tuple(input_shape[1:])))

    def compute_output_spec(self, inputs):
        # From the shapes, not a fake run: a placeholder for an unknown size might not divide evenly.
        return KerasTensor(self.compute_output_shape(inputs.shape), dtype=inputs.dtype)

    def get_config(self):
        return {**super().get_config(), "target_shape": self.target_shape}
