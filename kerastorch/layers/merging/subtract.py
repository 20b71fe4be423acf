"""`Subtract`: the difference of exactly two tensors."""

from kerastorch.layers.merging.base_merge import Merge


class Subtract(Merge):
    """Subtracts the second of two tensors from the first, element-wise: `inputs[0] - inputs[1]`.

    Args:
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.
    """

    def build(self, input_shape):
        super().build(input_shape)
        if len(input_shape) != 2:
            raise ValueError(
                f"A `Subtract` layer ('{self.name}') should be called on exactly 2 inputs. "
                f"Received: input_shape={input_shape}"
            )

    def _merge_function(self, inputs):
        if len(inputs) != 2:
            raise ValueError(
                f"A `Subtract` layer ('{self.name}') should be called on exactly 2 inputs. "
                f"Received: {len(inputs)} inputs"
            )
        return inputs[0] - inputs[1]


def subtract(inputs, **kwargs):
    """Functional form of `Subtract`: `subtract([x1, x2])` is `Subtract()([x1, x2])`."""
    return Subtract(**kwargs)(inputs)
