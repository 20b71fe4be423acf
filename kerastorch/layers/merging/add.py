"""`Add`: the element-wise sum of a list of tensors."""

from kerastorch.layers.merging.base_merge import Merge


class Add(Merge):
    """Adds a list of tensors of the same (or broadcast-compatible) shape, element-wise.

    Args:
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Example:

    >>> keras.layers.Add()([torch.ones(2, 3), torch.ones(2, 3)])
    tensor([[2., 2., 2.],
            [2., 2., 2.]])
    """

    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = output + x
        return output


def add(inputs, **kwargs):
    """Functional form of `Add`: `add([x1, x2])` is `Add()([x1, x2])`."""
    return Add(**kwargs)(inputs)
