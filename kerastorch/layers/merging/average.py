"""`Average`: the element-wise mean of a list of tensors."""

from kerastorch.layers.merging.base_merge import Merge


class Average(Merge):
    """Averages a list of tensors of the same (or broadcast-compatible) shape, element-wise.

    Args:
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.
    """

    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = output + x
        return output / len(inputs)


def average(inputs, **kwargs):
    """Functional form of `Average`: `average([x1, x2])` is `Average()([x1, x2])`."""
    return Average(**kwargs)(inputs)
