"""keras.ops.nn: activations, convolutions, pooling, normalization, losses and attention, on torch.

Tensors are channels-last unless `data_format="channels_first"` (Keras's default comes from
`keras.config.image_data_format()`); kernels use Keras's layout `(*spatial, in_channels, out_channels)`.
"""

import math

import torch
import torch.nn.functional as F

from kerastorch.activations import activations as _act
from kerastorch.backend import config
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.ops.core import _to_tensor
from kerastorch.ops.symbolic_op import op

_t = _to_tensor


def _activation(fn, name, doc):
    def wrapper(x, *args, **kwargs):
        return fn(_t(x), *args, **kwargs)

    wrapper.__name__ = wrapper.__qualname__ = name
    wrapper.__doc__ = doc
    return op(wrapper)


relu = _activation(lambda x: _act.relu(x), "relu", "Rectified linear unit, `max(x, 0)`.")
relu6 = _activation(_act.relu6, "relu6", "`min(max(x, 0), 6)`.")
sigmoid = _activation(_act.sigmoid, "sigmoid", "`1 / (1 + exp(-x))`.")
sparse_sigmoid = _activation(_act.sparse_sigmoid, "sparse_sigmoid", "Piecewise-linear sigmoid reaching 0 and 1.")
softplus = _activation(_act.softplus, "softplus", "`log(1 + exp(x))`.")
softsign = _activation(_act.softsign, "softsign", "`x / (1 + |x|)`.")
sparse_plus = _activation(_act.sparse_plus, "sparse_plus", "Smooth ReLU that is exactly 0 / x beyond [-1, 1].")
silu = _activation(_act.silu, "silu", "`x * sigmoid(x)`.")
swish = _activation(_act.silu, "swish", "`x * sigmoid(x)` (the name `silu` is the same function).")
log_sigmoid = _activation(_act.log_sigmoid, "log_sigmoid", "`log(sigmoid(x))`, computed stably.")
leaky_relu = _activation(lambda x, negative_slope=0.2: _act.leaky_relu(x, negative_slope), "leaky_relu",
                         "`x` for positive values, `negative_slope * x` otherwise.")
hard_sigmoid = _activation(_act.hard_sigmoid, "hard_sigmoid", "Piecewise-linear sigmoid `relu6(x + 3) / 6`.")
hard_silu = _activation(_act.hard_silu, "hard_silu", "`x * hard_sigmoid(x)`.")
hard_swish = _activation(_act.hard_silu, "hard_swish", "`x * hard_sigmoid(x)`.")
elu = _activation(lambda x, alpha=1.0: _act.elu(x, alpha), "elu", "Exponential linear unit.")
selu = _activation(_act.selu, "selu", "Scaled exponential linear unit.")
celu = _activation(lambda x, alpha=1.0: _act.celu(x, alpha), "celu", "Continuously differentiable ELU.")
glu = _activation(lambda x, axis=-1: _act.glu(x, axis), "glu", "Gated linear unit: `a * sigmoid(b)` of two halves.")
gelu = _activation(lambda x, approximate=True: _act.gelu(x, approximate), "gelu",
                   "Gaussian error linear unit (the tanh approximation by default, as in keras.ops).")
tanh_shrink = _activation(_act.tanh_shrink, "tanh_shrink", "`x - tanh(x)`.")
hard_tanh = _activation(_act.hard_tanh, "hard_tanh", "`x` clipped to [-1, 1].")
hard_shrink = _activation(lambda x, threshold=0.5: _act.hard_shrink(x, threshold), "hard_shrink",
                          "`x` where `|x| > threshold`, else 0.")
soft_shrink = _activation(lambda x, threshold=0.5: _act.soft_shrink(x, threshold), "soft_shrink",
                          "`x` moved toward 0 by `threshold`, and 0 within it.")
threshold = _activation(_act.threshold, "threshold", "`x` where `x > threshold`, else `default_value`.")
squareplus = _activation(lambda x, b=4: _act.squareplus(x, b), "squareplus", "`(x + sqrt(x**2 + b)) / 2`.")
softmax = _activation(lambda x, axis=-1: _act.softmax(x, axis), "softmax", "Softmax over `axis`.")
log_softmax = _activation(lambda x, axis=-1: _act.log_softmax(x, axis), "log_softmax", "Log-softmax over `axis`.")
sparsemax = _activation(lambda x, axis=-1: _act.sparsemax(x, axis), "sparsemax",
                        "Euclidean projection onto the simplex: a softmax with exact zeros.")


# ------------------------------------------------------------------ encodings


@op
def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    """One-hot encoding along a new axis (floatx by default); negative indices give all-zero rows."""
    if sparse:
        raise ValueError(f"`sparse=True` is not supported: kerastorch tensors are dense. Received: sparse={sparse}")
    x = _t(x).long()
    out = F.one_hot(torch.clamp(x, min=0), num_classes) * (x >= 0).unsqueeze(-1)
    out = out.to(to_torch_dtype(dtype or config.floatx()))
    if axis != -1 and axis != out.ndim - 1:
        out = torch.movedim(out, -1, axis)
    return out


@op
def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    """Multi-hot encoding: 1 for each class present (per row for a 2-D input)."""
    if kwargs.get("num_tokens") is not None and num_classes is None:
        num_classes = kwargs.pop("num_tokens")
    if num_classes is None:
        raise ValueError(f"Argument `num_classes` must be specified. Received: num_classes={num_classes}")
    x = _t(inputs)
    encoded = one_hot._raw(x, num_classes, axis=axis, dtype=dtype, sparse=sparse)
    return torch.amax(encoded, dim=1 if x.ndim > 1 else 0)


# ------------------------------------------------------------------ losses


def _check_same_shape(target, output):
    if len(target.shape) < 1:
        raise ValueError(
            "Arguments `target` and `output` must be at least rank 1. "
            f"Received: target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}"
        )
    if target.shape != output.shape:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape. "
            f"Received: target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}"
        )


@op
def binary_crossentropy(target, output, from_logits=False):
    """Elementwise binary crossentropy; probabilities are clipped to [epsilon, 1 - epsilon]."""
    target, output = _t(target), _t(output)
    if target.shape != output.shape:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape. "
            f"Received: target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}"
        )
    target = target.to(output.dtype)
    if from_logits:
        return F.binary_cross_entropy_with_logits(output, target, reduction="none")
    eps = config.epsilon()
    output = torch.clamp(output, eps, 1.0 - eps)
    return F.binary_cross_entropy(output, target, reduction="none")


@op
def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Crossentropy between one-hot (or soft) targets and probabilities / logits along `axis`."""
    target, output = _t(target), _t(output)
    _check_same_shape(target, output)
    target = target.to(output.dtype)
    if from_logits:
        log_prob = F.log_softmax(output, dim=axis)
    else:
        output = output / torch.sum(output, dim=axis, keepdim=True)
        eps = config.epsilon()
        log_prob = torch.log(torch.clamp(output, eps, 1.0 - eps))
    return -torch.sum(target * log_prob, dim=axis)


@op
def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Crossentropy between integer class targets and probabilities / logits along `axis`."""
    target, output = _t(target), _t(output)
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = target.squeeze(-1)
    if output.ndim < 1:
        raise ValueError(f"Argument `output` must be at least rank 1. Received: output.shape={tuple(output.shape)}")
    if target.shape != output.shape[:-1]:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape up until the last dimension: "
            f"Received: target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}"
        )
    if from_logits:
        log_prob = F.log_softmax(output, dim=axis)
    else:
        output = output / torch.sum(output, dim=axis, keepdim=True)
        eps = config.epsilon()
        log_prob = torch.log(torch.clamp(output, eps, 1.0 - eps))
    target = target.long()
    encoded = F.one_hot(torch.clamp(target, min=0), output.shape[axis]).to(output.dtype)
    encoded = encoded * (target >= 0).unsqueeze(-1)
    return -torch.sum(encoded * log_prob, dim=axis)


@op
def psnr(x1, x2, max_val):
    """Peak signal-to-noise ratio in dB: `20 log10(max_val) - 10 log10(mse)`."""
    x1, x2 = _t(x1), _t(x2)
    if x1.shape != x2.shape:
        raise ValueError(
            f"Input shapes {tuple(x1.shape)} and {tuple(x2.shape)} must match for PSNR calculation. "
            f"Received: x1.shape={tuple(x1.shape)}, x2.shape={tuple(x2.shape)}"
        )
    x1 = x1.float() if not x1.is_floating_point() else x1
    mse = torch.mean(torch.square(x1 - x2.to(x1.dtype)))
    return 20 * math.log10(max_val) - 10 * torch.log10(mse)


# ------------------------------------------------------------------ normalization


@op
def moments(x, axes, keepdims=False, synchronized=False):
    """Mean and variance over `axes` (`E[x^2] - E[x]^2`, as Keras on torch computes it; float16 in float32)."""
    if synchronized:
        raise NotImplementedError("Argument synchronized=True is not supported with PyTorch.")
    x = _t(x)
    original = x.dtype
    if original == torch.float16:
        x = x.float()
    axes = tuple(axes) if isinstance(axes, (list, tuple)) else (axes,)
    mean = torch.mean(x, dim=axes, keepdim=True)
    variance = torch.mean(torch.square(x), dim=axes, keepdim=True) - torch.square(mean)
    if not keepdims:
        mean, variance = torch.squeeze(mean, axes), torch.squeeze(variance, axes)
    if original == torch.float16:
        limit = torch.finfo(torch.float16).max
        mean = torch.clamp(mean, -limit, limit).to(original)
        variance = torch.clamp(variance, -limit, limit).to(original)
    return mean, variance


@op
def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    """`(x - mean) / sqrt(variance + epsilon) * scale + offset`, the statistics laid along `axis`."""
    x, mean, variance = _t(x), _t(mean), _t(variance)
    shape = [1] * x.ndim
    shape[axis] = mean.shape[0]
    factor = torch.rsqrt(variance.reshape(shape) + epsilon)
    if scale is not None:
        factor = factor * _t(scale).reshape(shape)
    out = (x - mean.reshape(shape)) * factor
    return out + _t(offset).reshape(shape) if offset is not None else out


@op
def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs):
    """Normalizes over `axis` to zero mean and unit variance, then scales by `gamma` and shifts by `beta`."""
    rms_scaling = kwargs.pop("rms_scaling", False)
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments. Received: {kwargs}")
    x = _t(x)
    epsilon = config.epsilon() if epsilon is None else epsilon
    axes = tuple(axis) if isinstance(axis, (list, tuple)) else (axis,)
    if rms_scaling:
        return rms_normalization._raw(x, gamma, axis=axis, epsilon=epsilon)
    compute = torch.float32 if x.dtype in (torch.float16, torch.bfloat16) else x.dtype
    xc = x.to(compute)
    mean = torch.mean(xc, dim=axes, keepdim=True)
    variance = torch.mean(torch.square(xc - mean), dim=axes, keepdim=True)
    out = (xc - mean) * torch.rsqrt(variance + epsilon)
    if gamma is not None:
        out = out * _t(gamma).to(compute)
    if beta is not None:
        out = out + _t(beta).to(compute)
    return out.to(x.dtype)


@op
def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    """`x / sqrt(mean(x**2) + epsilon) * scale` over `axis`."""
    x = _t(x)
    epsilon = config.epsilon() if epsilon is None else epsilon
    axes = tuple(axis) if isinstance(axis, (list, tuple)) else (axis,)
    compute = torch.float32 if x.dtype in (torch.float16, torch.bfloat16) else x.dtype
    xc = x.to(compute)
    out = xc * torch.rsqrt(torch.mean(torch.square(xc), dim=axes, keepdim=True) + epsilon)
    if scale is not None:
        out = out * _t(scale).to(compute)
    return out.to(x.dtype)


@op
def normalize(x, axis=-1, order=2, epsilon=None):
    """`x` divided by its `order`-norm along `axis` (the norm floored at `epsilon`)."""
    x = _t(x)
    if not isinstance(order, int) or order < 1:
        raise ValueError(f"Argument `order` must be an int >= 1. Received: order={order}")
    epsilon = config.epsilon() if epsilon is None else epsilon
    norm = torch.linalg.vector_norm(x, ord=order, dim=axis, keepdim=True)
    return x / torch.clamp(norm, min=epsilon)


from kerastorch.ops._nn_conv import *  # noqa: E402,F401,F403
from kerastorch.ops._nn_conv import __all__ as _conv_all  # noqa: E402

__all__ = [
    "relu", "relu6", "sigmoid", "sparse_sigmoid", "softplus", "softsign", "sparse_plus", "silu", "swish",
    "log_sigmoid", "leaky_relu", "hard_sigmoid", "hard_silu", "hard_swish", "elu", "selu", "celu", "glu", "gelu",
    "tanh_shrink", "hard_tanh", "hard_shrink", "soft_shrink", "threshold", "squareplus", "softmax", "log_softmax",
    "sparsemax", "one_hot", "multi_hot", "binary_crossentropy", "categorical_crossentropy",
    "sparse_categorical_crossentropy", "psnr", "moments", "batch_normalization", "layer_normalization",
    "rms_normalization", "normalize",
] + _conv_all
