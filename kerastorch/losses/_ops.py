"""The few tensor helpers the losses share: input conversion and Keras's exact arithmetic on torch.

Losses must give Keras's numbers to the last bit, so these helpers reproduce how Keras-on-torch builds its
operands, not just what it computes:

- A constant Keras passes through `ops.*` (`ops.maximum(x, 0.0)`, `ops.power(x, gamma)`, `ops.clip(x, eps, 1)`)
  becomes a 0-d tensor on the device; a constant in a plain `x * 0.5` stays a Python number. On CUDA, dividing
  by a Python number multiplies by its reciprocal instead of dividing, and `torch.maximum` splits the gradient
  of ties where `clamp` does not, so the two are not interchangeable. `const` makes the 0-d tensor with a fill
  kernel, which needs no host-to-device copy and therefore no synchronization.
- `ops.mean` computes in at least float32 and casts back.
"""

import numpy as np
import torch

from kerastorch.backend import config
from kerastorch.backend.device import get_device
from kerastorch.backend.dtypes import to_torch_dtype

_SUB_FLOAT32 = (torch.float16, torch.bfloat16)


def convert(x, dtype=None, device=None):
    """`x` as a torch tensor of `dtype` (None keeps its own, or Keras's default for host data) on `device`
    (None keeps a tensor where it is and puts host data on the default device). Tensors keep their autograd
    history."""
    if isinstance(x, torch.Tensor):
        if device is not None and x.device != device:
            x = x.to(device)
        if dtype is not None:
            dtype = to_torch_dtype(dtype)
            if x.dtype != dtype:
                x = x.to(dtype)
        return x
    if device is None:
        device = get_device()
    if isinstance(x, (list, tuple)) and any(isinstance(item, torch.Tensor) for item in x):
        return convert(torch.stack([convert(item, dtype, device) for item in x]), dtype, device)
    if dtype is None:
        dtype = _default_dtype(x)
    if isinstance(x, (bool, int, float)):
        # A fill kernel: no host-to-device copy, so no synchronization on CUDA.
        return torch.full((), x, dtype=to_torch_dtype(dtype), device=device)
    if isinstance(x, np.ndarray) and x.dtype == np.uint32:
        x = x.astype(np.int64)
    return torch.as_tensor(x, dtype=to_torch_dtype(dtype), device=device)


def _default_dtype(x):
    """The dtype Keras gives host data: Python floats become floatx, Python ints int32, arrays keep theirs."""
    if isinstance(x, (np.ndarray, np.generic)):
        return x.dtype
    if isinstance(x, bool):
        return "bool"
    if isinstance(x, int):
        return "int32" if -(2**31) <= x < 2**31 else "int64"
    array = np.asarray(x)
    if array.dtype.kind == "f":
        return config.floatx()
    if array.dtype.kind in "iu":
        if array.size and (array.min() < -(2**31) or array.max() >= 2**31):
            return "int64"
        return "int32"
    return array.dtype


def floatx_dtype():
    return to_torch_dtype(config.floatx())


def const(value, dtype, device):
    """A 0-d tensor holding `value`, filled on `device` (no host-to-device copy)."""
    return torch.full((), value, dtype=dtype, device=device)


def scalar_operand(value, device):
    """A Python number as Keras's `convert_to_tensor` makes it: floats in floatx, ints in int32."""
    if isinstance(value, torch.Tensor):
        return value.to(device)
    if isinstance(value, bool):
        return const(value, torch.bool, device)
    if isinstance(value, int):
        return const(value, torch.int32 if -(2**31) <= value < 2**31 else torch.int64, device)
    if isinstance(value, float):
        return const(value, floatx_dtype(), device)
    return convert(value, device=device)


def mean(x, axis=None):
    """`torch.mean`, computed in float32 for half-precision inputs and cast back, as `keras.ops.mean` does."""
    dtype = x.dtype
    if dtype in _SUB_FLOAT32:
        x = x.to(torch.float32)
    if axis is None:
        result = torch.mean(x)
    else:
        result = torch.mean(x, tuple(axis) if isinstance(axis, (list, tuple)) else (axis,), False)
    return result.to(dtype)


def reduce_sum(x, axis=None, keepdims=False):
    if axis is None:
        return torch.sum(x)
    if isinstance(axis, (list, tuple)):
        if len(axis) == 0:
            return x
        axis = tuple(axis)
    return torch.sum(x, dim=axis, keepdim=keepdims)


def divide_no_nan(x1, x2):
    """`x1 / x2`, and 0 where `x2` is 0 (with a zero gradient there)."""
    zero_divisor = x2 == 0
    safe = torch.where(zero_divisor, torch.ones_like(x2), x2)
    return torch.where(zero_divisor, 0, torch.divide(x1, safe))


def clip_probabilities(x):
    """`x` clipped to `[epsilon, 1 - epsilon]`, the bounds Keras puts on probabilities before a log."""
    epsilon = config.epsilon()
    return torch.clip(x, epsilon, 1.0 - epsilon)


def softmax(x, axis=-1):
    return _softmax_like(torch.nn.functional.softmax, x, axis)


def log_softmax(x, axis=-1):
    return _softmax_like(torch.nn.functional.log_softmax, x, axis)


def _softmax_like(fn, x, axis):
    # Keras computes float16 softmaxes on the CPU in float32; mirrored so CPU half results agree.
    dtype = x.dtype
    if dtype == torch.float16 and x.device.type == "cpu":
        x = x.to(torch.float32)
    if axis is None:
        out = fn(x.reshape(-1), dim=-1).reshape(x.shape)
    else:
        out = fn(x, dim=axis)
    return out.to(dtype)


def canonicalize_axis(axis, rank):
    if not -rank <= axis < rank:
        raise ValueError(f"`axis` must be in the range [-{rank}, {rank}). Received: axis={axis}")
    return axis % rank


def check_axis_is_int(axis):
    # bool is an int in Python; `axis=True` is a slip for `from_logits=True` and would silently mean axis 1.
    if isinstance(axis, bool):
        raise ValueError(f"`axis` must be of type `int`. Received: axis={axis} of type {type(axis)}")


def check_label_smoothing(label_smoothing):
    if isinstance(label_smoothing, bool) or not isinstance(label_smoothing, (int, float)) or not (
        0 <= label_smoothing <= 1
    ):
        raise ValueError(
            f"`label_smoothing` must be a float in [0, 1]. Received: label_smoothing={label_smoothing!r}"
        )
