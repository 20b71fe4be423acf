"""`Concatenate`: joins a list of tensors along one axis."""

import torch

from kerastorch.layers.merging.base_merge import Merge
from kerastorch.layers.merging.base_merge import input_masks


class Concatenate(Merge):
    """Concatenates a list of tensors along `axis`; all other sizes must match.

    Input masks are concatenated too (an input without one counts as unmasked), and the output mask is
    "any position kept" over the last axis.

    Args:
        axis: The concatenation axis (default the last).
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Example:

    >>> keras.layers.Concatenate(axis=1)([torch.zeros(2, 3), torch.ones(2, 1)]).shape
    torch.Size([2, 4])
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def build(self, input_shape):
        self._check_is_list(input_shape, "input_shape")
        if not isinstance(input_shape[0], (tuple, list)):
            raise ValueError(
                f"A `Concatenate` layer ('{self.name}') should be called on a list of inputs. "
                f"Received: input_shape={input_shape}"
            )
        self._check_shapes(input_shape)
        self.built = True

    def _check_shapes(self, input_shape):
        shapes = [tuple(s) for s in input_shape if s is not None]
        ranks = {len(s) for s in shapes}
        mismatch = len(ranks) > 1
        if not mismatch and shapes:
            rank = ranks.pop()
            if not -rank <= self.axis < rank:
                raise ValueError(
                    f"Concatenate layer '{self.name}': `axis` is out of range for inputs of rank {rank}. "
                    f"Received: axis={self.axis}"
                )
            concat_axis = self.axis % rank
            for axis in range(rank):
                sizes = {s[axis] for s in shapes} - {None}
                mismatch = mismatch or (axis != concat_axis and len(sizes) > 1)
        if mismatch:
            raise ValueError(
                f"A `Concatenate` layer ('{self.name}') requires inputs with matching shapes except for the "
                f"concatenation axis {self.axis}. Received: input_shape={shapes}"
            )

    def _merge_function(self, inputs):
        return torch.cat(inputs, dim=self.axis)

    def compute_output_shape(self, input_shape):
        self._check_is_list(input_shape, "input_shape")
        output_shape = list(input_shape[0])
        for shape in input_shape[1:]:
            if output_shape[self.axis] is None or shape[self.axis] is None:
                output_shape[self.axis] = None
                break
            output_shape[self.axis] += shape[self.axis]
        return tuple(output_shape)

    def compute_mask(self, inputs, previous_mask=None):
        # lead: see Merge.compute_mask, the masks are read off the inputs.
        masks = previous_mask if isinstance(previous_mask, (list, tuple)) else input_masks(inputs)
        if all(m is None for m in masks):
            return None
        full = []
        for x, mask in zip(inputs, masks):
            if mask is None:
                mask = torch.ones(x.shape, dtype=torch.bool, device=x.device)
            elif mask.ndim < x.ndim:
                mask = mask.unsqueeze(-1).expand(x.shape)
            full.append(mask)
        return torch.any(torch.cat(full, dim=self.axis), dim=-1)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}


def concatenate(inputs, axis=-1, **kwargs):
    """Functional form of `Concatenate`: `concatenate([x1, x2], axis)` is `Concatenate(axis)([x1, x2])`."""
    return Concatenate(axis=axis, **kwargs)(inputs)
