"""`Dot`: the dot product of two tensors along chosen axes, per sample."""

import math

import torch

from kerastorch.backend.config import epsilon
from kerastorch.layers.merging.base_merge import Merge


def _l2_normalize(x, axis):
    # x * rsqrt(sum(x^2)), capped at 1 / epsilon so that a zero vector stays zero (Keras's formula).
    inv_norm = torch.rsqrt(torch.sum(torch.square(x), dim=axis, keepdim=True))
    return x * torch.clamp(inv_norm, max=1.0 / epsilon())


def _batch_dot(x, y, axes):
    """Per-sample dot product of `x` and `y` over `x`'s axis `axes[0]` and `y`'s axis `axes[1]` (both > 0).

    The result has `x`'s other axes, then `y`'s other non-batch axes; a result with no axis besides the
    batch gets a trailing axis of size 1.
    """
    x = x.movedim(axes[0], -1)
    y = y.movedim(axes[1], 1)
    batch, depth = x.shape[0], x.shape[-1]
    x_mid, y_trail = tuple(x.shape[1:-1]), tuple(y.shape[2:])
    result = torch.bmm(x.reshape(batch, math.prod(x_mid), depth), y.reshape(batch, depth, math.prod(y_trail)))
    output_shape = (batch, *x_mid, *y_trail)
    return result.reshape(output_shape if len(output_shape) > 1 else (batch, 1))


class Dot(Merge):
    """Computes the dot product between samples of two tensors.

    For inputs of shapes `(batch, n)` and `(batch, n)` it gives `(batch, 1)`: `sum(a[i] * b[i])` per sample.
    With `normalize=True` the inputs are L2-normalized along the dot axes first, so the result is the cosine
    similarity.

    Args:
        axes: Int, or tuple of two ints: the axis (of each input) to take the dot product over. The batch
            axis 0 cannot be one of them.
        normalize: Whether to L2-normalize the inputs along the dot axes first.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Example:

    >>> keras.layers.Dot(axes=1)([torch.ones(2, 3), torch.ones(2, 3)])
    tensor([[3.],
            [3.]])
    """

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(axes, int):
            if not isinstance(axes, (list, tuple)):
                raise TypeError(
                    f"Dot layer '{self.name}': `axes` must be an int or a list of two ints. Received: axes={axes!r}"
                )
            if len(axes) != 2:
                raise ValueError(
                    f"Dot layer '{self.name}': `axes` should contain two elements. Received: axes={axes}"
                )
            if not isinstance(axes[0], int) or not isinstance(axes[1], int):
                raise ValueError(
                    f"Dot layer '{self.name}': the elements of `axes` should be integers. Received: axes={axes}"
                )
        self.axes = axes
        self.normalize = normalize

    def _resolve_axes(self, rank1, rank2):
        axes = [self.axes, self.axes] if isinstance(self.axes, int) else list(self.axes)
        axes = [axes[0] % rank1 if axes[0] < 0 else axes[0], axes[1] % rank2 if axes[1] < 0 else axes[1]]
        if axes[0] == 0 or axes[1] == 0 or axes[0] >= rank1 or axes[1] >= rank2:
            raise ValueError(
                f"Dot layer '{self.name}': the dot axes must be non-batch axes of the inputs (ranks {rank1} and "
                f"{rank2}). Received: axes={self.axes}"
            )
        return axes

    def _check_two(self, shapes):
        if not isinstance(shapes, (list, tuple)) or len(shapes) != 2:
            raise ValueError(
                f"A `Dot` layer ('{self.name}') should be called on a list of 2 inputs. Received: {shapes}"
            )

    def build(self, input_shape):
        self._check_two(input_shape)
        shape1, shape2 = tuple(input_shape[0]), tuple(input_shape[1])
        if len(shape1) < 2 or len(shape2) < 2:
            raise ValueError(
                f"Dot layer '{self.name}' needs inputs of rank at least 2. Received shapes {shape1} and {shape2}"
            )
        self._check_batch_sizes([shape1, shape2])
        a0, a1 = self._resolve_axes(len(shape1), len(shape2))
        if shape1[a0] is not None and shape2[a1] is not None and shape1[a0] != shape2[a1]:
            raise ValueError(
                f"Dot layer '{self.name}': incompatible input shapes: axis values {shape1[a0]} (at axis {a0}) != "
                f"{shape2[a1]} (at axis {a1}). Full input shapes: {shape1}, {shape2}"
            )
        self.built = True

    def call(self, inputs):
        self._check_two(inputs)
        return self._merge_function(inputs)

    def _merge_function(self, inputs):
        x1, x2 = inputs
        axes = self._resolve_axes(x1.ndim, x2.ndim)
        if self.normalize:
            x1 = _l2_normalize(x1, axes[0])
            x2 = _l2_normalize(x2, axes[1])
        return _batch_dot(x1, x2, axes)

    def compute_output_shape(self, input_shape):
        self._check_two(input_shape)
        shape1, shape2 = list(input_shape[0]), list(input_shape[1])
        a0, a1 = self._resolve_axes(len(shape1), len(shape2))
        shape1.pop(a0)
        shape2.pop(a1)
        output = shape1 + shape2[1:]
        return tuple(output + [1] if len(output) == 1 else output)

    def compute_mask(self, inputs, previous_mask=None):
        return None

    def get_config(self):
        return {**super().get_config(), "axes": self.axes, "normalize": self.normalize}


def dot(inputs, axes=-1, **kwargs):
    """Functional form of `Dot`: `dot([x1, x2], axes)` is `Dot(axes)([x1, x2])`."""
    return Dot(axes=axes, **kwargs)(inputs)
