"""`Merge`: the family base of layers that combine a list of tensors (Add, Concatenate, Dot, ...).

It checks that the inputs are a list with one batch size and broadcast-compatible shapes, lets inputs of a
lower rank broadcast by inserting axes after the batch axis (as Keras does), and merges the input masks.
"""

import torch

from kerastorch.layers.layer import Layer


def input_masks(inputs):
    """The masks attached to a list of input tensors (None where there is none)."""
    return [getattr(x, "_keras_mask", None) for x in inputs]


class Merge(Layer):
    """Base class of the merging layers. Subclasses implement `_merge_function(inputs)`.

    Args:
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def _merge_function(self, inputs):
        raise NotImplementedError

    def _check_is_list(self, value, what):
        if not isinstance(value, (list, tuple)) or not value:
            raise ValueError(
                f"A merge layer ('{self.name}', {self.__class__.__name__}) should be called on a non-empty list "
                f"of {what}. Received: {what}={value!r}"
            )

    def _elementwise_shape(self, shape1, shape2):
        """The broadcast of two shapes without the batch axis, aligned from the right."""
        if shape1 is None or shape2 is None:
            return None
        if len(shape1) < len(shape2):
            shape1, shape2 = shape2, shape1
        if not shape2:
            return tuple(shape1)
        output = list(shape1[: len(shape1) - len(shape2)])
        for i, j in zip(shape1[len(shape1) - len(shape2):], shape2):
            if i is None or j is None:
                output.append(None)
            elif i == 1 or j == 1:
                output.append(j if i == 1 else i)
            elif i != j:
                raise ValueError(
                    f"Layer '{self.name}' ({self.__class__.__name__}): inputs have incompatible shapes. "
                    f"Received shapes {tuple(shape1)} and {tuple(shape2)}"
                )
            else:
                output.append(i)
        return tuple(output)

    def _check_batch_sizes(self, input_shape):
        batch_sizes = {s[0] for s in input_shape if s} - {None}
        if len(batch_sizes) > 1:
            raise ValueError(
                f"Layer '{self.name}' ({self.__class__.__name__}) cannot merge tensors with different batch "
                f"sizes. Received: input_shape={[tuple(s) for s in input_shape]}"
            )

    def build(self, input_shape):
        self._check_is_list(input_shape, "input_shape")
        if not isinstance(input_shape[0], (tuple, list)):
            raise ValueError(
                f"A merge layer ('{self.name}') should be called on a list of inputs. "
                f"Received: input_shape={input_shape} (not a list of shapes)"
            )
        self._check_batch_sizes(input_shape)
        self.compute_output_shape(input_shape)
        self.built = True

    def call(self, inputs):
        self._check_is_list(inputs, "inputs")
        ranks = [x.ndim for x in inputs]
        if len(set(ranks)) > 1:
            # Lower-rank inputs broadcast against the others from the first non-batch axis on.
            top = max(ranks)
            inputs = [x.reshape(tuple(x.shape[:1]) + (1,) * (top - x.ndim) + tuple(x.shape[1:])) for x in inputs]
        return self._merge_function(inputs)

    def _apply_merge_op_and_or_mask(self, op_fn, inputs):
        """Folds `op_fn` over the inputs; where one input is masked out, the other's value is used, and the
        output carries the union of the masks (only when every input has one)."""
        output, output_mask = None, None
        for x in inputs:
            mask = getattr(x, "_keras_mask", None)
            if mask is not None:
                mask = mask.unsqueeze(-1).expand(x.shape)
            if output is None:
                output, output_mask = x, mask
                continue
            if mask is not None:
                x = torch.where(mask, x, output)
            if output_mask is not None:
                output = torch.where(output_mask, output, x)
            output_mask = (output_mask | mask) if mask is not None and output_mask is not None else None
            output = op_fn(output, x)
        if output_mask is not None:
            output._keras_mask = torch.any(output_mask, dim=-1)
        return output

    def compute_output_shape(self, input_shape):
        self._check_is_list(input_shape, "input_shape")
        output_shape = None if input_shape[0] is None else tuple(input_shape[0][1:])
        for shape in input_shape[1:]:
            output_shape = self._elementwise_shape(output_shape, None if shape is None else tuple(shape[1:]))
        batch_sizes = {s[0] for s in input_shape if s is not None} - {None}
        batch = batch_sizes.pop() if len(batch_sizes) == 1 else None
        return (batch,) + output_shape

    def get_config(self):
        return super().get_config()

    def compute_mask(self, inputs, previous_mask=None):
        # lead: Layer.__call__ reads the mask of args[0] only, so for a list input it is None here; the masks
        # are read off the input tensors instead.
        masks = previous_mask if isinstance(previous_mask, (list, tuple)) else input_masks(inputs)
        if any(m is None for m in masks):
            return None
        output = masks[0]
        for mask in masks[1:]:
            output = output | mask
        return output

