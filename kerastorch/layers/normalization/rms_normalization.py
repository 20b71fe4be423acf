"""`RMSNormalization`: divides each sample by its root mean square."""

import torch
import torch.nn.functional as F

from kerastorch.layers.layer import Layer
from kerastorch.layers.normalization._utils import check_axes_in_bounds
from kerastorch.layers.normalization._utils import is_trailing
from kerastorch.layers.normalization._utils import positive_axes
from kerastorch.layers.normalization._utils import upcast


class RMSNormalization(Layer):
    """Root Mean Square normalization: `x * rsqrt(mean(x ** 2, axis) + epsilon) * scale`, computed in at
    least float32 (Zhang and Sennrich, 2019). There is no centering and no offset.

    When `axis` is the last axis (or the last few, in order) the fused `rms_norm` kernel does the work.

    Args:
        axis: Int or list of ints, the axes to normalize over (default the last one).
        epsilon: Small float added to the mean square (default `1e-6`).
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.

    Weights:
        `scale`, shaped like the input along `axis`, initialized to ones.
    """

    def __init__(self, axis=-1, epsilon=1e-6, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(axis, (int, list, tuple)) or isinstance(axis, bool):
            raise TypeError(
                f"RMSNormalization layer '{self.name}': `axis` must be an int or a list/tuple of ints. "
                f"Received: axis={axis!r}"
            )
        self.axis = axis
        self.epsilon = epsilon

    def build(self, input_shape):
        check_axes_in_bounds(self, self.axis, input_shape)
        self.axis = sorted(self.axis) if isinstance(self.axis, (list, tuple)) else [self.axis]
        shape = tuple(input_shape[dim] for dim in self.axis)
        self.scale = self.add_weight(name="scale", shape=shape, initializer="ones")
        self.built = True

    def call(self, x):
        original_dtype = x.dtype
        x = upcast(x)
        axes = positive_axes(self.axis, x.ndim)
        scale = self.scale.to(x.dtype)
        if is_trailing(axes, x.ndim):
            outputs = F.rms_norm(x, tuple(x.shape[a] for a in axes), scale, self.epsilon)
        else:
            shape = [x.shape[a] if a in axes else 1 for a in range(x.ndim)]
            outputs = x * torch.rsqrt(torch.mean(torch.square(x), dim=axes, keepdim=True) + self.epsilon)
            outputs = outputs * scale.reshape(shape)
        return outputs.to(original_dtype)

    def compute_output_shape(self, input_shape):
        return check_axes_in_bounds(self, self.axis, input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis, "epsilon": self.epsilon}

    def extra_repr(self):
        return f"name={self.name!r}, axis={self.axis}, epsilon={self.epsilon}"
