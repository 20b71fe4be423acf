"""`Minimum`: the element-wise minimum of a list of tensors."""

import torch

from kerastorch.layers.merging.base_merge import Merge


class Minimum(Merge):
    """Takes the element-wise minimum of a list of tensors. Where an input is masked out, it is ignored.

    Args:
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.
    """

    def _merge_function(self, inputs):
        return self._apply_merge_op_and_or_mask(torch.minimum, inputs)


def minimum(inputs, **kwargs):
    """Functional form of `Minimum`: `minimum([x1, x2])` is `Minimum()([x1, x2])`."""
    return Minimum(**kwargs)(inputs)
