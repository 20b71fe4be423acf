"""The built-in activation functions of `keras.activations`, written directly on torch.

Each function takes a tensor and returns a tensor of the same dtype on the same device, and is
differentiable by autograd. Where torch has a fused kernel for the function (`F.gelu`, `F.silu`, ...) it is
used; the few functions torch lacks are a handful of elementwise ops. Arguments and defaults are Keras's.
"""

import warnings

import numpy as np
import torch
import torch.nn.functional as F

from kerastorch.backend import config
from kerastorch.backend.device import get_device
from kerastorch.backend.dtypes import to_torch_dtype


def _tensor(x):
    """Accepts what Keras accepts (tensors, arrays, Python numbers and lists); torch tensors pass untouched."""
    if isinstance(x, torch.Tensor):
        return x
    if isinstance(x, (np.ndarray, np.generic)):
        return torch.as_tensor(x, device=get_device())
    tensor = torch.as_tensor(x, device=get_device())
    # Python floats become floatx, not float64, as in Keras.
    return tensor.to(to_torch_dtype(config.floatx())) if tensor.is_floating_point() else tensor


def _reduce_over(fn, x, axis):
    """Applies a one-axis reduction-style op (softmax, log_softmax) over `axis`: an int, a tuple or None."""
    if axis is None:
        return fn(x.reshape(-1), -1).reshape(x.shape)
    if isinstance(axis, (tuple, list)):
        axes = [a % x.ndim for a in axis]
        # Move the reduced axes last and flatten them, so one kernel normalizes over all of them at once.
        moved = torch.movedim(x, axes, list(range(x.ndim - len(axes), x.ndim)))
        flat = moved.reshape(*moved.shape[: x.ndim - len(axes)], -1)
        out = fn(flat, -1).reshape(moved.shape)
        return torch.movedim(out, list(range(x.ndim - len(axes), x.ndim)), axes)
    return fn(x, axis)


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit: `max(x, 0)` by default.

    Args:
        x: Input tensor.
        negative_slope: Slope applied to values below `threshold`.
        max_value: Largest value returned (saturation), or None for no cap.
        threshold: Values at or below it are damped (`negative_slope`) or zeroed.
    """
    x = _tensor(x)
    if negative_slope == 0.0 and threshold == 0 and max_value is None:
        return F.relu(x)
    if negative_slope != 0.0 and max_value is None and threshold == 0:
        return F.leaky_relu(x, negative_slope=negative_slope)
    negative_part = None
    if negative_slope != 0.0:
        negative_part = F.relu(threshold - x) if threshold != 0 else F.relu(-x)
    clip_max = max_value is not None
    if threshold != 0:
        out = torch.where(x > threshold, x, torch.zeros((), dtype=x.dtype, device=x.device))
    elif max_value == 6:
        out, clip_max = F.relu6(x), False
    else:
        out = F.relu(x)
    if clip_max:
        out = torch.clamp(out, 0.0, max_value)
    if negative_part is not None:
        out = out - negative_slope * negative_part
    return out


def leaky_relu(x, negative_slope=0.2):
    """Leaky ReLU: `x` for positive `x`, `negative_slope * x` otherwise."""
    return F.leaky_relu(_tensor(x), negative_slope=negative_slope)


def relu6(x):
    """ReLU capped at 6: `min(max(x, 0), 6)`."""
    return F.relu6(_tensor(x))


def softmax(x, axis=-1):
    """Turns logits into a probability distribution along `axis` (an int, a tuple of ints, or None for all)."""
    x = _tensor(x)
    if isinstance(axis, int) and -x.ndim <= axis < x.ndim and x.shape[axis] == 1:
        warnings.warn(
            f"You are using a softmax over axis {axis} of a tensor of shape {tuple(x.shape)}. This axis has size 1. "
            "The softmax operation will always return the value 1, which is likely not what you intended. "
            "Did you mean to use a sigmoid instead?",
            stacklevel=2,
        )
    return _half_safe(F.softmax, x, axis)


def log_softmax(x, axis=-1):
    """Logarithm of `softmax`, computed stably in one pass."""
    return _half_safe(F.log_softmax, _tensor(x), axis)


def _half_safe(fn, x, axis):
    # float16 softmax on CPU is computed in float32 and rounded once, which is what real Keras does.
    if x.dtype == torch.float16 and x.device.type == "cpu":
        return _reduce_over(fn, x.float(), axis).to(torch.float16)
    return _reduce_over(fn, x, axis)


def elu(x, alpha=1.0):
    """Exponential linear unit: `x` if `x > 0`, else `alpha * (exp(x) - 1)`."""
    return F.elu(_tensor(x), alpha)


def selu(x):
    """Scaled ELU with the self-normalizing constants (alpha ~ 1.6733, scale ~ 1.0507)."""
    return F.selu(_tensor(x))


def softplus(x):
    """`log(exp(x) + 1)`."""
    return F.softplus(_tensor(x))


def softsign(x):
    """`x / (abs(x) + 1)`."""
    return F.softsign(_tensor(x))


def soft_shrink(x, threshold=0.5):
    """Shrinks towards zero: `x - threshold` above it, `x + threshold` below `-threshold`, 0 between."""
    return F.softshrink(_tensor(x), lambd=threshold)


def sparse_plus(x):
    """0 for `x <= -1`, `(x + 1)**2 / 4` for `-1 < x < 1`, `x` for `x >= 1`."""
    x = _tensor(x)
    return torch.where(x <= -1, torch.zeros_like(x), torch.where(x < 1, 0.25 * (x + 1) ** 2, x))


def silu(x):
    """Swish / SiLU: `x * sigmoid(x)`."""
    return F.silu(_tensor(x))


def squareplus(x, b=4):
    """`(x + sqrt(x**2 + b)) / 2`, a smooth ReLU whose smoothness is set by `b`."""
    x = _tensor(x)
    return (x + torch.sqrt(x**2 + b)) / 2


def gelu(x, approximate=False):
    """Gaussian error linear unit, `x * P(X <= x)`; `approximate=True` uses the tanh approximation."""
    return F.gelu(_tensor(x), approximate="tanh" if approximate else "none")


def celu(x, alpha=1.0):
    """Continuously differentiable ELU: `x` if `x >= 0`, else `alpha * (exp(x / alpha) - 1)`."""
    return F.celu(_tensor(x), alpha=alpha)


def glu(x, axis=-1):
    """Gated linear unit: splits `x` in halves `a, b` along `axis` and returns `a * sigmoid(b)`."""
    return F.glu(_tensor(x), dim=axis)


def tanh(x):
    """Hyperbolic tangent."""
    return torch.tanh(_tensor(x))


def tanh_shrink(x):
    """`x - tanh(x)`."""
    return F.tanhshrink(_tensor(x))


def hard_tanh(x):
    """`tanh`'s piecewise-linear cousin: clips `x` to `[-1, 1]`."""
    return F.hardtanh(_tensor(x), min_val=-1.0, max_val=1.0)


def hard_shrink(x, threshold=0.5):
    """`x` where `abs(x) > threshold`, else 0."""
    return F.hardshrink(_tensor(x), lambd=threshold)


def threshold(x, threshold, default_value):
    """`x` where `x > threshold`, else `default_value`."""
    return F.threshold(_tensor(x), threshold, default_value)


def sigmoid(x):
    """`1 / (1 + exp(-x))`."""
    return torch.sigmoid(_tensor(x))


def sparse_sigmoid(x):
    """0 for `x <= -1`, `(x + 1) / 2` for `-1 < x < 1`, 1 for `x >= 1`."""
    x = _tensor(x)
    return torch.where(x <= -1, torch.zeros_like(x), torch.where(x >= 1, torch.ones_like(x), 0.5 * (x + 1)))


def exponential(x):
    """`exp(x)`."""
    return torch.exp(_tensor(x))


def hard_sigmoid(x):
    """Piecewise-linear sigmoid: 0 below -3, 1 above 3, `x / 6 + 0.5` between."""
    return F.hardsigmoid(_tensor(x))


def log_sigmoid(x):
    """`log(sigmoid(x))`, computed stably."""
    return F.logsigmoid(_tensor(x))


def hard_silu(x):
    """Hard SiLU / hard swish: `x * relu6(x + 3) / 6`."""
    return F.hardswish(_tensor(x))


def linear(x):
    """The identity: returns `x` unchanged."""
    return x


def mish(x):
    """`x * tanh(softplus(x))`."""
    return F.mish(_tensor(x))


def sparsemax(x, axis=-1):
    """Euclidean projection of `x` onto the probability simplex along `axis`: a softmax with exact zeros."""
    x = _tensor(x)
    ranked, _ = torch.sort(x, dim=axis, descending=True)
    cumulative = torch.cumsum(ranked, dim=axis)
    shape = [1] * x.ndim
    shape[axis] = -1
    k = torch.arange(1, x.shape[axis] + 1, device=x.device, dtype=x.dtype).view(shape)
    support = ranked - (cumulative - 1) / k > 0
    support_size = torch.sum(support, dim=axis, keepdim=True)
    # tau is (sum of the support - 1) / |support|. Real Keras 3.15.1 sums the running totals (cumsums) over the
    # support instead, which is only right when the support has one element; its outputs then need not sum
    # to 1. The published formula (Martins & Astudillo, 2016) is kept here.
    support_sum = torch.sum(torch.where(support, ranked, 0.0), dim=axis, keepdim=True)
    tau = (support_sum - 1) / support_size
    return torch.clamp(x - tau, min=0.0)


swish = silu
hard_swish = hard_silu
