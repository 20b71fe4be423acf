"""Helpers shared by the normalization layers (not re-exported)."""

import torch


def check_axes_in_bounds(layer, axis, input_shape):
    """Raises the error Keras raises when an axis does not exist in `input_shape`; returns the shape."""
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    for a in axes:
        if a >= len(input_shape) or a < -len(input_shape):
            raise ValueError(
                f"{type(layer).__name__} layer '{layer.name}': axis {a} is out of bounds for input shape "
                f"{tuple(input_shape)}. Received: axis={axis}"
            )
    return input_shape


def positive_axes(axes, ndim):
    return [a % ndim for a in axes]


def is_trailing(axes, ndim):
    """Whether the (positive) axes are exactly the last `len(axes)` axes, in order: what the fused
    `layer_norm` / `rms_norm` kernels normalize over."""
    return list(axes) == list(range(ndim - len(axes), ndim))


def upcast(x):
    """Statistics are computed in at least float32, as Keras does (half precision overflows)."""
    if x.dtype in (torch.float16, torch.bfloat16):
        return x.float()
    return x
