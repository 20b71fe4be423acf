"""The Keras 2 `keras.backend` functions (`K.mean`, `K.epsilon`, `K.binary_crossentropy`, ...) on torch.

Old custom losses, metrics and Lambda layers are written as `from keras import backend as K` and then
`K.sum(K.square(y_true - y_pred), axis=-1)`. Keras 3 dropped these functions from `keras.backend`; here they
come back with their Keras 2 semantics, so such code runs unchanged:

- Reductions default to `axis=None, keepdims=False` (the whole tensor), and `K.mean` / `K.std` / `K.var` of
  a boolean tensor first cast it to floatx. `K.std` and `K.var` are the population statistics (no Bessel
  correction).
- `K.binary_crossentropy`, `K.categorical_crossentropy` and `K.sparse_categorical_crossentropy` are the
  element-wise/sample-wise functions, argument order `(target, output)`, clipping probabilities to
  `[epsilon, 1 - epsilon]`; the categorical one renormalizes `output` to sum to 1.
- `K.dot` contracts the last axis of `x` with the second-to-last of `y`; `K.batch_dot` keeps axis 0 as the
  batch; `K.transpose` reverses all axes; `K.shape` returns the shape as an integer tensor.
- `K.variable` / `K.constant` default to floatx; `K.get_value` returns NumPy, `K.set_value` assigns in place.

Called on symbolic KerasTensors (in a Functional model definition) a function records a graph node, as the
keras.ops functions do. The graph-mode names of TensorFlow 1 (`K.placeholder`, `K.function`,
`K.gradients`, `K.get_session`, ...) raise an error naming what to use instead.
"""

import builtins
import functools
import math

import numpy as np
import torch

from kerastorch.backend import config
from kerastorch.backend import device as device_lib
from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.backend.keras_tensor import any_symbolic_tensors

__all__ = [
    "abs", "all", "any", "arange", "argmax", "argmin", "batch_dot", "batch_flatten", "batch_get_value",
    "batch_set_value", "bias_add", "binary_crossentropy", "cast", "cast_to_floatx", "categorical_crossentropy",
    "clip", "concatenate", "constant", "cos", "count_params", "cumprod", "cumsum", "dot", "dropout", "dtype",
    "elu", "equal", "eval", "exp", "expand_dims", "eye", "flatten", "gather", "get_value", "greater",
    "greater_equal", "hard_sigmoid", "l2_normalize", "less", "less_equal", "log", "max", "maximum", "mean",
    "min", "minimum", "ndim", "not_equal", "one_hot", "ones", "ones_like", "permute_dimensions", "pow", "prod",
    "random_normal", "random_uniform", "relu", "repeat", "repeat_elements", "reshape", "reverse", "round",
    "set_value", "shape", "sigmoid", "sign", "sin", "softmax", "softplus", "softsign",
    "sparse_categorical_crossentropy", "sqrt", "square", "squeeze", "stack", "std", "stop_gradient", "sum",
    "switch", "tanh", "tile", "transpose", "update", "update_add", "update_sub", "var", "variable", "zeros",
    "zeros_like", "function", "get_session", "gradients", "learning_phase", "placeholder", "set_learning_phase",
    "set_session",
]

_py_abs, _py_all, _py_any, _py_max, _py_min, _py_round, _py_sum = (
    builtins.abs, builtins.all, builtins.any, builtins.max, builtins.min, builtins.round, builtins.sum)


def _t(x, dtype=None):
    """Keras's conversion rules (see `keras.ops.convert_to_tensor`), imported late: this module loads with
    `kerastorch.backend`, before `kerastorch.ops` exists."""
    from kerastorch.ops.core import _to_tensor

    return _to_tensor(x, dtype)


def _op(fn):
    """Computes on tensors; records a graph node when an argument is a symbolic KerasTensor."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if any_symbolic_tensors(args, kwargs):
            from kerastorch.ops.symbolic_op import symbolic_call

            return symbolic_call(fn, args, kwargs)
        return fn(*args, **kwargs)

    return wrapper


def _floatx_if_bool(x):
    return x.to(to_torch_dtype(config.floatx())) if x.dtype == torch.bool else x


def _axes(axis):
    if axis is None:
        return None
    return tuple(axis) if isinstance(axis, (list, tuple)) else axis


def _reduce(x, axis, keepdims, fn):
    dims = _axes(axis)
    if dims is None:
        out = fn(x)
        return out.reshape((1,) * x.ndim) if keepdims else out
    return fn(x, dim=dims, keepdim=keepdims)


# ---------------------------------------------------------------------------------------------------------
# Element-wise math.

def _unary(torch_fn, name, doc):
    def fn(x):
        return torch_fn(_t(x))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return _op(fn)


abs = _unary(torch.abs, "abs", "Element-wise absolute value.")
exp = _unary(torch.exp, "exp", "Element-wise exponential.")
log = _unary(torch.log, "log", "Element-wise natural logarithm.")
sqrt = _unary(torch.sqrt, "sqrt", "Element-wise square root.")
square = _unary(torch.square, "square", "Element-wise square.")
sign = _unary(torch.sign, "sign", "Element-wise sign (-1, 0 or 1).")
sin = _unary(torch.sin, "sin", "Element-wise sine.")
cos = _unary(torch.cos, "cos", "Element-wise cosine.")
tanh = _unary(torch.tanh, "tanh", "Element-wise hyperbolic tangent.")
sigmoid = _unary(torch.sigmoid, "sigmoid", "Element-wise logistic sigmoid.")
softplus = _unary(torch.nn.functional.softplus, "softplus", "Element-wise `log(exp(x) + 1)`.")
softsign = _unary(torch.nn.functional.softsign, "softsign", "Element-wise `x / (abs(x) + 1)`.")
# Half-to-even, as TensorFlow's round: 2.5 rounds to 2.
round = _unary(torch.round, "round", "Element-wise rounding to the nearest integer, ties to even.")


def _binary(torch_fn, name, doc):
    def fn(x, y):
        x, y = _pair(x, y)
        return torch_fn(x, y)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return _op(fn)


def _pair(x, y):
    # A Python number takes the tensor's dtype, as it does in TensorFlow ops.
    if isinstance(x, torch.Tensor) and isinstance(y, (int, float)) and not isinstance(y, bool):
        return x, _t(y, standardize_dtype(x.dtype))
    if isinstance(y, torch.Tensor) and isinstance(x, (int, float)) and not isinstance(x, bool):
        return _t(x, standardize_dtype(y.dtype)), y
    return _t(x), _t(y)


maximum = _binary(torch.maximum, "maximum", "Element-wise maximum of two tensors.")
minimum = _binary(torch.minimum, "minimum", "Element-wise minimum of two tensors.")
equal = _binary(torch.eq, "equal", "Element-wise `x == y`, a boolean tensor.")
not_equal = _binary(torch.ne, "not_equal", "Element-wise `x != y`, a boolean tensor.")
greater = _binary(torch.gt, "greater", "Element-wise `x > y`, a boolean tensor.")
greater_equal = _binary(torch.ge, "greater_equal", "Element-wise `x >= y`, a boolean tensor.")
less = _binary(torch.lt, "less", "Element-wise `x < y`, a boolean tensor.")
less_equal = _binary(torch.le, "less_equal", "Element-wise `x <= y`, a boolean tensor.")


@_op
def pow(x, a):
    """Element-wise `x ** a`."""
    x, a = _pair(x, a)
    return torch.pow(x, a)


@_op
def clip(x, min_value, max_value):
    """Clips to `[min_value, max_value]`; None means unbounded, and a maximum below the minimum is raised to it."""
    x = _t(x)
    if isinstance(min_value, (int, float)) and isinstance(max_value, (int, float)) and max_value < min_value:
        max_value = min_value
    if min_value is None and max_value is None:
        return x
    low = None if min_value is None else _t(min_value, standardize_dtype(x.dtype))
    high = None if max_value is None else _t(max_value, standardize_dtype(x.dtype))
    return torch.clamp(x, low, high)


# ---------------------------------------------------------------------------------------------------------
# Reductions: axis=None reduces everything, keepdims=False.

@_op
def sum(x, axis=None, keepdims=False):
    """Sum over `axis` (an int, a list of ints, or None for all axes)."""
    return _reduce(_t(x), axis, keepdims, torch.sum)


@_op
def prod(x, axis=None, keepdims=False):
    """Product over `axis` (None: all axes)."""
    x = _t(x)
    if isinstance(axis, (list, tuple)):
        for a in sorted((a % x.ndim for a in axis), reverse=True):
            x = torch.prod(x, dim=a, keepdim=keepdims)
        return x
    return _reduce(x, axis, keepdims, torch.prod)


@_op
def mean(x, axis=None, keepdims=False):
    """Mean over `axis` (None: all axes); a boolean tensor is averaged as floatx."""
    x = _floatx_if_bool(_t(x))
    if not x.is_floating_point():
        return _reduce(x.double(), axis, keepdims, torch.mean).to(x.dtype)
    return _reduce(x, axis, keepdims, torch.mean)


@_op
def max(x, axis=None, keepdims=False):
    """Maximum over `axis` (None: all axes)."""
    return _reduce(_t(x), axis, keepdims, torch.amax)


@_op
def min(x, axis=None, keepdims=False):
    """Minimum over `axis` (None: all axes)."""
    return _reduce(_t(x), axis, keepdims, torch.amin)


@_op
def var(x, axis=None, keepdims=False):
    """Population variance over `axis` (None: all axes)."""
    x = _floatx_if_bool(_t(x))
    return torch.var(x, dim=_axes(axis), keepdim=keepdims, correction=0)


@_op
def std(x, axis=None, keepdims=False):
    """Population standard deviation over `axis` (None: all axes)."""
    x = _floatx_if_bool(_t(x))
    return torch.std(x, dim=_axes(axis), keepdim=keepdims, correction=0)


@_op
def any(x, axis=None, keepdims=False):
    """Logical OR over `axis` (None: all axes), after casting to bool."""
    return _reduce(_t(x).to(torch.bool), axis, keepdims, torch.any)


@_op
def all(x, axis=None, keepdims=False):
    """Logical AND over `axis` (None: all axes), after casting to bool."""
    return _reduce(_t(x).to(torch.bool), axis, keepdims, torch.all)


@_op
def argmax(x, axis=-1):
    """Index of the maximum along `axis` (int64)."""
    return torch.argmax(_t(x), dim=axis)


@_op
def argmin(x, axis=-1):
    """Index of the minimum along `axis` (int64)."""
    return torch.argmin(_t(x), dim=axis)


@_op
def cumsum(x, axis=0):
    """Cumulative sum along `axis`."""
    return torch.cumsum(_t(x), dim=axis)


@_op
def cumprod(x, axis=0):
    """Cumulative product along `axis`."""
    return torch.cumprod(_t(x), dim=axis)


# ---------------------------------------------------------------------------------------------------------
# Shapes and layout.

def ndim(x):
    """The number of axes of `x`, as a Python int."""
    return len(x.shape)


@_op
def shape(x):
    """The shape of `x` as an int32 tensor (Keras 2 returned a tensor so that it worked in graphs)."""
    x = _t(x)
    return torch.tensor(tuple(x.shape), dtype=torch.int32, device=x.device)


def dtype(x):
    """The dtype of `x` as a string, e.g. `"float32"`."""
    return standardize_dtype(x.dtype)


def count_params(x):
    """The number of scalars in `x`."""
    return int(math.prod(x.shape))


@_op
def reshape(x, shape):
    """Reshapes `x`; one entry of `shape` may be -1."""
    if isinstance(shape, torch.Tensor):
        shape = shape.tolist()
    return torch.reshape(_t(x), tuple(int(s) for s in shape))


@_op
def flatten(x):
    """`x` as one axis."""
    return torch.reshape(_t(x), (-1,))


@_op
def batch_flatten(x):
    """`x` as `(batch, features)`: every axis after the first is flattened."""
    x = _t(x)
    return torch.reshape(x, (x.shape[0], -1))


@_op
def expand_dims(x, axis=-1):
    """Inserts an axis of size 1 at `axis`."""
    return torch.unsqueeze(_t(x), axis)


@_op
def squeeze(x, axis):
    """Removes the axis `axis`, which must have size 1."""
    x = _t(x)
    if x.shape[axis] != 1:
        raise ValueError(f"Cannot squeeze axis {axis}: its size is {x.shape[axis]}, not 1. "
                         f"Received: x.shape={tuple(x.shape)}, axis={axis}")
    return torch.squeeze(x, axis)


@_op
def transpose(x):
    """Reverses the order of all axes (a matrix transpose for 2D input)."""
    x = _t(x)
    return torch.permute(x, tuple(reversed(range(x.ndim))))


@_op
def permute_dimensions(x, pattern):
    """Reorders the axes of `x` as `pattern`, e.g. `(0, 2, 1)`."""
    return torch.permute(_t(x), tuple(pattern))


@_op
def concatenate(tensors, axis=-1):
    """Joins tensors along an existing axis."""
    return torch.cat([_t(x) for x in tensors], dim=axis)


@_op
def stack(x, axis=0):
    """Stacks a list of tensors along a new axis."""
    return torch.stack([_t(v) for v in x], dim=axis)


@_op
def tile(x, n):
    """Repeats `x` `n[i]` times along axis `i` (an int `n` tiles the first axis)."""
    n = [n] if isinstance(n, int) else list(n)
    return _t(x).repeat(*n)


@_op
def repeat(x, n):
    """For a 2D `(samples, dim)` tensor, `(samples, n, dim)`: each sample repeated `n` times."""
    x = _t(x)
    if x.ndim != 2:
        raise ValueError(f"Expected input `x` to have rank 2. Received: rank(x)={x.ndim}")
    return x.unsqueeze(1).expand(x.shape[0], n, x.shape[1])


@_op
def repeat_elements(x, rep, axis):
    """Repeats each element `rep` times along `axis` (like `np.repeat`)."""
    return torch.repeat_interleave(_t(x), rep, dim=axis)


@_op
def reverse(x, axes):
    """Reverses `x` along the given axes."""
    axes = [axes] if isinstance(axes, int) else list(axes)
    return torch.flip(_t(x), dims=axes)


@_op
def gather(reference, indices):
    """Rows of `reference` selected by the integer tensor `indices` (along axis 0)."""
    reference = _t(reference)
    return reference[_t(indices).long()]


@_op
def one_hot(indices, num_classes):
    """One-hot encoding along a new last axis, as floatx."""
    encoded = torch.nn.functional.one_hot(_t(indices).long(), num_classes)
    return encoded.to(to_torch_dtype(config.floatx()))


# ---------------------------------------------------------------------------------------------------------
# Linear algebra.

@_op
def dot(x, y):
    """Matrix product contracting the last axis of `x` with the second-to-last axis of `y` (the last one for
    a 1D `y`); for N-D inputs the result has shape `x.shape[:-1] + y.shape[:-2] + y.shape[-1:]`."""
    x, y = _t(x), _t(y)
    if x.ndim > 2 or y.ndim > 2:
        return torch.tensordot(x, y, dims=([x.ndim - 1], [builtins.max(y.ndim - 2, 0)]))
    return torch.matmul(x, y)


@_op
def batch_dot(x, y, axes=None):
    """Per-sample dot product: axis 0 is the batch, and `axes` (an int or a pair) the axes contracted.

    By default the last axis of `x` meets the last axis of a 2D `y`, or the second-to-last of a deeper one.
    Two 2D inputs give `(batch, 1)`.
    """
    x, y = _t(x), _t(y)
    x_ndim, y_ndim = x.ndim, y.ndim
    if x_ndim < 2 or y_ndim < 2:
        raise ValueError(f"batch_dot needs inputs of rank 2 or more. Received: x.shape={tuple(x.shape)}, "
                         f"y.shape={tuple(y.shape)}")
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"batch_dot needs inputs with the same batch size. Received: x.shape={tuple(x.shape)}, "
                         f"y.shape={tuple(y.shape)}")
    if isinstance(axes, int):
        axes = (axes, axes)
    if axes is None:
        axes = (x_ndim - 1, y_ndim - 1) if y_ndim == 2 else (x_ndim - 1, y_ndim - 2)
    if _py_any(isinstance(a, (list, tuple)) for a in axes):
        raise ValueError(f"batch_dot contracts one axis per input: axes must be None, an int or a pair of ints. "
                         f"Received: axes={axes}")
    a0, a1 = (axes[0] % x_ndim, axes[1] % y_ndim)
    if a0 == 0 or a1 == 0:
        raise ValueError("batch_dot cannot contract axis 0, the batch axis; add a batch axis to unbatched inputs "
                         f"with K.expand_dims(x, 0). Received: axes={axes}")
    if x.shape[a0] != y.shape[a1]:
        raise ValueError(f"batch_dot contracts axes of different sizes: x.shape[{a0}]={x.shape[a0]} but "
                         f"y.shape[{a1}]={y.shape[a1]}. Received: axes={axes}")
    if x_ndim == 2:
        x, a0 = x.unsqueeze(1), a0 + 1
    if y_ndim == 2:
        y = y.unsqueeze(2)
    x = torch.movedim(x, a0, -1)
    y = torch.movedim(y, a1, 1)
    batch, x_mid, y_trail = x.shape[0], x.shape[1:-1], y.shape[2:]
    result = torch.bmm(x.reshape(batch, -1, x.shape[-1]), y.reshape(batch, y.shape[1], -1))
    result = result.reshape(batch, *x_mid, *y_trail)
    if x_ndim == 2:
        result = result.squeeze(1)
    elif y_ndim == 2:
        result = result.squeeze(-1)
    return result


@_op
def bias_add(x, bias, data_format=None):
    """Adds a 1D `bias` (or one matching the non-batch axes) on the channels axis."""
    x, bias = _t(x), _t(bias)
    data_format = config.standardize_data_format(data_format)
    if data_format == "channels_first" and x.ndim > 2 and bias.ndim == 1:
        return x + bias.reshape((1, -1) + (1,) * (x.ndim - 2))
    return x + bias


@_op
def l2_normalize(x, axis=None):
    """`x / sqrt(max(sum(x**2, axis), 1e-12))`."""
    x = _t(x)
    squares = torch.sum(torch.square(x), dim=_axes(axis), keepdim=True) if axis is not None else torch.sum(
        torch.square(x))
    return x * torch.rsqrt(torch.clamp(squares, min=1e-12))


# ---------------------------------------------------------------------------------------------------------
# Activations.

@_op
def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit with Keras 2's options: leaky slope `alpha` below `threshold`, an upper bound
    `max_value`."""
    x = _t(x)
    out = torch.where(x > threshold, x, torch.zeros_like(x)) if threshold != 0 else torch.relu(x)
    if max_value is not None:
        out = torch.clamp(out, max=max_value)
    if alpha != 0.0:
        out = out - alpha * torch.relu(threshold - x)
    return out


@_op
def elu(x, alpha=1.0):
    """Exponential linear unit: `x` for `x > 0`, else `alpha * (exp(x) - 1)`."""
    return torch.nn.functional.elu(_t(x), alpha=alpha)


@_op
def hard_sigmoid(x):
    """Piecewise-linear sigmoid: `clip(0.2 * x + 0.5, 0, 1)`."""
    return torch.clamp(0.2 * _t(x) + 0.5, 0.0, 1.0)


@_op
def softmax(x, axis=-1):
    """Softmax along `axis` (an int or a tuple of axes); rank-1 input is refused as in Keras 2."""
    x = _t(x)
    if x.ndim <= 1:
        raise ValueError(f"Cannot apply softmax to a 1D tensor. Received: x.shape={tuple(x.shape)}")
    if isinstance(axis, int):
        return torch.softmax(x, dim=axis)
    axis = tuple(axis)
    numerator = torch.exp(x - torch.amax(x, dim=axis, keepdim=True))
    return numerator / torch.sum(numerator, dim=axis, keepdim=True)


@_op
def switch(condition, then_expression, else_expression):
    """`then_expression` where `condition` holds, else `else_expression` (callables are called first)."""
    condition = _t(condition).to(torch.bool)
    then_value = then_expression() if callable(then_expression) else then_expression
    else_value = else_expression() if callable(else_expression) else else_expression
    then_value, else_value = _t(then_value), _t(else_value)
    if 1 < condition.ndim < then_value.ndim:
        condition = condition.reshape(tuple(condition.shape) + (1,) * (then_value.ndim - condition.ndim))
    elif condition.ndim == 1 and then_value.ndim > 1:
        # A 1D condition picks whole samples (rows), as Keras 2's switch does.
        condition = condition.reshape((-1,) + (1,) * (then_value.ndim - 1))
    return torch.where(condition, then_value, else_value)


# ---------------------------------------------------------------------------------------------------------
# Losses, element-wise / sample-wise, `(target, output)` order.

@_op
def binary_crossentropy(target, output, from_logits=False):
    """Element-wise binary crossentropy; probabilities are clipped to `[epsilon, 1 - epsilon]`."""
    output = _t(output)
    target = _t(target, standardize_dtype(output.dtype))
    if from_logits:
        return torch.nn.functional.binary_cross_entropy_with_logits(output, target, reduction="none")
    eps = config.epsilon()
    output = torch.clamp(output, eps, 1.0 - eps)
    return -(target * torch.log(output + eps) + (1 - target) * torch.log(1 - output + eps))


@_op
def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Crossentropy between one-hot (or soft) targets and predictions along `axis`; probabilities are
    renormalized to sum to 1, then clipped to `[epsilon, 1 - epsilon]`."""
    output = _t(output)
    target = _t(target, standardize_dtype(output.dtype))
    if tuple(target.shape) != tuple(output.shape):
        raise ValueError("`target` and `output` must have the same shape. "
                         f"Received: target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}")
    if from_logits:
        return -torch.sum(target * torch.log_softmax(output, dim=axis), dim=axis)
    output = output / torch.sum(output, dim=axis, keepdim=True)
    eps = config.epsilon()
    output = torch.clamp(output, eps, 1.0 - eps)
    return -torch.sum(target * torch.log(output), dim=axis)


@_op
def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Crossentropy between integer targets and predictions along `axis`; probabilities are clipped to
    `[epsilon, 1 - epsilon]` (not renormalized)."""
    output = _t(output)
    target = _t(target).long()
    axis = axis % output.ndim
    if axis != output.ndim - 1:
        output = torch.movedim(output, axis, -1)
    if from_logits:
        log_probs = torch.log_softmax(output, dim=-1)
    else:
        eps = config.epsilon()
        log_probs = torch.log(torch.clamp(output, eps, 1 - eps))
    if target.ndim == output.ndim:
        target = target.squeeze(-1)
    return -torch.gather(log_probs, -1, target.unsqueeze(-1)).squeeze(-1)


# ---------------------------------------------------------------------------------------------------------
# Creating tensors, variables and values.

def _floatx_dtype(dtype):
    return to_torch_dtype(dtype or config.floatx())


def variable(value, dtype=None, name=None, constraint=None):
    """A `keras.Variable` (floatx unless `dtype` says otherwise) holding `value`."""
    from kerastorch.backend.variable import Variable

    if constraint is not None:
        raise ValueError("`K.variable(constraint=...)` is not supported: apply the constraint in the layer that "
                         f"owns the weight (`add_weight(constraint=...)`). Received: constraint={constraint!r}")
    data = torch.as_tensor(np.asarray(get_value(value)), dtype=_floatx_dtype(dtype), device=device_lib.get_device())
    return Variable(data, trainable=True, name=name or "variable")


def constant(value, dtype=None, shape=None, name=None):
    """A tensor (floatx unless `dtype` says otherwise) holding `value`, filled to `shape` when given."""
    data = torch.as_tensor(np.asarray(get_value(value)), dtype=_floatx_dtype(dtype), device=device_lib.get_device())
    if shape is not None:
        data = data.expand(tuple(shape)).clone() if data.numel() == 1 else data.reshape(tuple(shape))
    return data


def zeros(shape, dtype=None, name=None):
    """A variable of zeros (floatx unless `dtype` says otherwise)."""
    return variable(np.zeros(shape), dtype=dtype, name=name)


def ones(shape, dtype=None, name=None):
    """A variable of ones (floatx unless `dtype` says otherwise)."""
    return variable(np.ones(shape), dtype=dtype, name=name)


def eye(size, dtype=None, name=None):
    """A variable holding the identity matrix `size` x `size` (or `size = (rows, cols)`)."""
    rows, cols = (size, size) if isinstance(size, int) else tuple(size)
    return variable(np.eye(rows, cols), dtype=dtype, name=name)


@_op
def zeros_like(x, dtype=None, name=None):
    """Zeros with the shape (and, unless `dtype` is given, the dtype) of `x`."""
    x = _t(x)
    return torch.zeros_like(x, dtype=to_torch_dtype(dtype) if dtype else None)


@_op
def ones_like(x, dtype=None, name=None):
    """Ones with the shape (and, unless `dtype` is given, the dtype) of `x`."""
    x = _t(x)
    return torch.ones_like(x, dtype=to_torch_dtype(dtype) if dtype else None)


def arange(start, stop=None, step=1, dtype="int32"):
    """`[start, stop)` by `step` (one argument: `[0, start)`), as a tensor of `dtype`."""
    if stop is None:
        start, stop = 0, start
    return torch.arange(start, stop, step, dtype=to_torch_dtype(dtype), device=device_lib.get_device())


@_op
def cast(x, dtype):
    """`x` converted to `dtype` (a name such as `"float32"` or a torch dtype)."""
    return _t(x).to(to_torch_dtype(standardize_dtype(dtype)))


def cast_to_floatx(x):
    """A tensor stays a tensor and other values become NumPy arrays, in floatx."""
    if isinstance(x, torch.Tensor):
        return x.to(to_torch_dtype(config.floatx()))
    return np.asarray(x, dtype=config.floatx())


@_op
def stop_gradient(variables):
    """`variables` (a tensor or a list of them) cut from the gradient computation."""
    if isinstance(variables, (list, tuple)):
        return [_t(v).detach() for v in variables]
    return _t(variables).detach()


def get_value(x):
    """The value of a variable or tensor as a NumPy array (other values are returned as they are)."""
    if isinstance(x, KerasTensor):
        raise ValueError(f"A symbolic KerasTensor has no value; call the model on data first. Received: x={x}")
    if isinstance(x, torch.Tensor):
        x = x.detach()
        if x.dtype == torch.bfloat16:
            x = x.float()
        return x.cpu().numpy().copy()
    # Optimizer hyperparameters such as `model.optimizer.learning_rate` may be variables of other kinds.
    if hasattr(x, "numpy") and callable(x.numpy):
        return np.asarray(x.numpy())
    return x


eval = get_value


def batch_get_value(tensors):
    """`get_value` of each tensor in a list."""
    return [get_value(x) for x in tensors]


def set_value(x, value):
    """Overwrites the variable `x` in place with `value` (a NumPy array or number of the same shape).

    Also accepts an optimizer's learning rate, so `K.set_value(model.optimizer.lr, 1e-4)` keeps working.
    """
    if isinstance(x, torch.Tensor):
        if isinstance(x, KerasTensor):
            raise ValueError(f"Cannot assign to a symbolic KerasTensor. Received: x={x}")
        value = torch.as_tensor(np.asarray(get_value(value)), dtype=x.dtype, device=x.device)
        if hasattr(x, "assign"):
            x.assign(value)
        else:
            with torch.no_grad():
                x.copy_(value.reshape(x.shape))
        return
    if hasattr(x, "assign"):
        x.assign(value)
        return
    raise TypeError(f"`K.set_value` needs a variable (e.g. a layer weight or `model.optimizer.learning_rate`). "
                    f"Received: x of type {type(x).__name__}")


def batch_set_value(tuples):
    """`set_value` for each `(variable, value)` pair."""
    for x, value in tuples:
        set_value(x, value)


def update(x, new_x):
    """Assigns `new_x` to the variable `x`; returns `x`."""
    set_value(x, new_x)
    return x


def update_add(x, increment):
    """Adds `increment` to the variable `x` in place; returns `x`."""
    with torch.no_grad():
        x.add_(_t(increment).to(x.dtype))
    return x


def update_sub(x, decrement):
    """Subtracts `decrement` from the variable `x` in place; returns `x`."""
    with torch.no_grad():
        x.sub_(_t(decrement).to(x.dtype))
    return x


# ---------------------------------------------------------------------------------------------------------
# Randomness (seeded through keras.utils.set_random_seed like keras.random).

def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Samples from a normal distribution (floatx unless `dtype` says otherwise)."""
    from kerastorch import random as keras_random

    return keras_random.normal(tuple(shape), mean=mean, stddev=stddev, dtype=dtype, seed=seed)


def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Samples from a uniform distribution on `[minval, maxval)` (floatx unless `dtype` says otherwise)."""
    from kerastorch import random as keras_random

    return keras_random.uniform(tuple(shape), minval=minval, maxval=maxval, dtype=dtype, seed=seed)


def dropout(x, level, noise_shape=None, seed=None):
    """Zeros a fraction `level` of `x` and scales the rest by `1 / (1 - level)`."""
    from kerastorch import random as keras_random

    return keras_random.dropout(_t(x), rate=level, noise_shape=noise_shape, seed=seed)


# ---------------------------------------------------------------------------------------------------------
# TensorFlow 1 graph-mode names: there is no graph or session to talk to.

def _removed(name, replacement):
    def fn(*args, **kwargs):
        raise ValueError(
            f"`K.{name}` belongs to TensorFlow 1's graph mode, which Keras 3 (and kerastorch) do not have: "
            f"{replacement} Received: K.{name}(...)"
        )

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"Removed: raises a ValueError explaining what replaces `K.{name}`."
    return fn


placeholder = _removed("placeholder", "use `keras.Input(shape=...)` to declare a model input.")
function = _removed(
    "function",
    "call the model or a sub-model directly, e.g. `keras.Model(model.inputs, layer.output)(x)`.",
)
gradients = _removed("gradients", "compute gradients with torch: `loss.backward()` or `torch.autograd.grad`.")
get_session = _removed("get_session", "there is no session; tensors are computed eagerly.")
set_session = _removed("set_session", "there is no session; tensors are computed eagerly.")
learning_phase = _removed(
    "learning_phase",
    "pass `training=True/False` to the layer or model call instead (fit trains, predict and `model(x)` infer).",
)
set_learning_phase = _removed(
    "set_learning_phase",
    "pass `training=True/False` to the layer or model call instead (fit trains, predict and `model(x)` infer).",
)
