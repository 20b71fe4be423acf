"""`Maximum`: the element-wise maximum of a list of tensors."""

import torch

from kerastorch.layers.merging.base_merge import Merge


class Maximum(Merge):
    """Takes the element-wise maximum of a list of tensors. Where an input is masked out, it is ignored.

    Args:
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.
    """

    def _merge_function(self, inputs):
        return self._apply_merge_op_and_or_mask(torch.maximum, inputs)


def maximum(inputs, **kwargs):
    """Functional form of `Maximum`: `maximum([x1, x2])` is `Maximum()([x1, x2])`."""
    return Maximum(**kwargs)(inputs)
