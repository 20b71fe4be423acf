"""`UnitNormalization`: scales each sample to unit L2 norm along some axes."""

import torch

from kerastorch.layers.layer import Layer
from kerastorch.layers.normalization._utils import check_axes_in_bounds


class UnitNormalization(Layer):
    """Divides each sample by its L2 norm over `axis`: `x * min(1 / sqrt(sum(x ** 2)), 1e12)`, so that all-zero
    vectors stay zero.

    Args:
        axis: Int or list of ints, the axes the norm is taken over (default the last one).
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            self.axis = list(axis)
        elif isinstance(axis, int) and not isinstance(axis, bool):
            self.axis = axis
        else:
            raise TypeError(
                f"UnitNormalization layer '{self.name}': `axis` must be an int or a list/tuple of ints. "
                f"Received: axis={axis!r}"
            )
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        axis = tuple(self.axis) if isinstance(self.axis, list) else self.axis
        inverse_norm = torch.rsqrt(torch.sum(torch.square(inputs), dim=axis, keepdim=True))
        return inputs * torch.clamp(inverse_norm, max=1e12)

    def compute_output_shape(self, input_shape):
        return check_axes_in_bounds(self, self.axis, input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}

    def extra_repr(self):
        return f"name={self.name!r}, axis={self.axis}"
