"""`Multiply`: the element-wise product of a list of tensors."""

import torch

from kerastorch.layers.merging.base_merge import Merge


class Multiply(Merge):
    """Multiplies a list of tensors of the same (or broadcast-compatible) shape, element-wise.

    Masked-out entries of an input count as 1 (they do not change the product); when every input carries a
    mask, entries masked out in all of them are 0 in the output, which carries the union of the masks.

    Args:
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.
    """

    def _merge_function(self, inputs):
        masks = [getattr(x, "_keras_mask", None) for x in inputs]
        every_masked = all(m is not None for m in masks)
        output, output_mask = None, None
        for x, mask in zip(inputs, masks):
            if mask is not None:
                mask = mask.unsqueeze(-1).expand(x.shape)
                x = torch.where(mask, x, torch.ones((), dtype=x.dtype, device=x.device))
                if every_masked:
                    output_mask = mask if output_mask is None else output_mask | mask
            output = x if output is None else output * x
        if every_masked:
            output = torch.where(output_mask, output, torch.zeros((), dtype=output.dtype, device=output.device))
            output._keras_mask = torch.any(output_mask, dim=-1)
        return output


def multiply(inputs, **kwargs):
    """Functional form of `Multiply`: `multiply([x1, x2])` is `Multiply()([x1, x2])`."""
    return Multiply(**kwargs)(inputs)
