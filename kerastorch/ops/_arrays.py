"""keras.ops array creation, shape manipulation and indexing (the NumPy-style set)."""

import builtins
import math

import numpy as np
import torch

from kerastorch.backend import config
from kerastorch.backend import device as device_lib
from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.ops._dtypes import dtype_of
from kerastorch.ops._dtypes import result_type
from kerastorch.ops.core import _to_tensor
from kerastorch.ops.symbolic_op import op

_t = _to_tensor


def _dev():
    return device_lib.get_device()


def _shape(shape):
    return (shape,) if isinstance(shape, int) else tuple(int(s) for s in shape)


def _dtype(dtype):
    return to_torch_dtype(dtype or config.floatx())


def _common(xs):
    """Tensors cast to the Keras result dtype of them all (concatenate, stack, where...)."""
    tensors = [_t(x) for x in xs]
    dtype = to_torch_dtype(result_type(*[x.dtype for x in tensors])) if len(tensors) > 1 else tensors[0].dtype
    return [x.to(dtype) for x in tensors]


# ------------------------------------------------------------------ creation


def zeros(shape, dtype=None):
    """A tensor of zeros (floatx by default)."""
    return torch.zeros(_shape(shape), dtype=_dtype(dtype), device=_dev())


def ones(shape, dtype=None):
    """A tensor of ones (floatx by default)."""
    return torch.ones(_shape(shape), dtype=_dtype(dtype), device=_dev())


def empty(shape, dtype=None):
    """An uninitialized tensor."""
    return torch.empty(_shape(shape), dtype=_dtype(dtype), device=_dev())


def full(shape, fill_value, dtype=None):
    """A tensor filled with `fill_value` (floatx unless `dtype` is given)."""
    fill_value = _t(fill_value, dtype or config.floatx())
    return fill_value.expand(_shape(shape)).clone()


@op
def zeros_like(x, dtype=None):
    """Zeros with the shape (and dtype unless given) of `x`."""
    x = _t(x)
    return torch.zeros_like(x, dtype=to_torch_dtype(dtype) if dtype else None)


@op
def ones_like(x, dtype=None):
    """Ones with the shape (and dtype unless given) of `x`."""
    x = _t(x)
    return torch.ones_like(x, dtype=to_torch_dtype(dtype) if dtype else None)


@op
def empty_like(x, dtype=None):
    """An uninitialized tensor shaped like `x`."""
    x = _t(x)
    return torch.empty_like(x, dtype=to_torch_dtype(dtype) if dtype else None)


@op
def full_like(x, fill_value, dtype=None):
    """A tensor shaped like `x` filled with `fill_value` (dtype of `x` unless given)."""
    x = _t(x)
    dtype = to_torch_dtype(dtype) if dtype else x.dtype
    return torch.full_like(x, 0, dtype=dtype) + _t(fill_value, dtype)


def eye(N, M=None, k=0, dtype=None):
    """An `N x M` matrix with ones on the `k`-th diagonal."""
    M = N if M is None else M
    k = 0 if k is None else k
    if k == 0:
        return torch.eye(N, M, dtype=_dtype(dtype), device=_dev())
    ones_ = torch.ones(builtins.max(N, M), dtype=_dtype(dtype), device=_dev())
    return torch.diag(ones_, diagonal=k)[:N, :M].contiguous()


def identity(n, dtype=None):
    """The `n x n` identity matrix."""
    return eye(n, dtype=dtype)


def tri(N, M=None, k=0, dtype=None):
    """Ones at and below the `k`-th diagonal."""
    M = M or N
    return torch.tril(torch.ones((N, M), dtype=_dtype(dtype), device=_dev()), diagonal=k)


def _range_dtype(values, dtype, with_float):
    if dtype is not None:
        return to_torch_dtype(dtype)
    kinds = [getattr(v, "dtype", type(v)) for v in values if v is not None]
    return to_torch_dtype(result_type(*kinds, *([float] if with_float else [])))


def arange(start, stop=None, step=None, dtype=None):
    """Evenly spaced values in `[start, stop)`; ints give int32, floats floatx."""
    dtype = _range_dtype((start, stop, step), dtype, False)
    if stop is None:
        start, stop = 0, start
    return torch.arange(start, stop, 1 if step is None else step, dtype=dtype, device=_dev())


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """`num` evenly spaced values from `start` to `stop`."""
    if axis != 0:
        raise ValueError(f"`linspace` supports only `axis=0` on torch. Received: axis={axis}")
    dtype = _range_dtype((start, stop), dtype, True)
    if endpoint:
        values = torch.linspace(start, stop, num, dtype=torch.float64, device=_dev())
        step = (stop - start) / builtins.max(num - 1, 1)
    else:
        step = (stop - start) / num
        values = torch.linspace(start, stop - step, num, dtype=torch.float64, device=_dev()) if num > 1 else (
            torch.full((num,), float(start), dtype=torch.float64, device=_dev()))
    values = values.to(dtype)
    return (values, step) if retstep else values


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    """`base ** linspace(start, stop, num)`."""
    dtype = _range_dtype((start, stop), dtype, True)
    exponents = linspace(start, stop, num, endpoint=endpoint, dtype="float64", axis=axis)
    return torch.pow(torch.tensor(float(base), dtype=torch.float64, device=_dev()), exponents).to(dtype)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """Values evenly spaced on a log scale from `start` to `stop`."""
    dtype = _range_dtype((start, stop), dtype, True)
    exponents = linspace(math.log10(start), math.log10(stop), num, endpoint=endpoint, dtype="float64", axis=axis)
    return torch.pow(torch.tensor(10.0, dtype=torch.float64, device=_dev()), exponents).to(dtype)


@op
def array(x, dtype=None):
    """`convert_to_tensor` under its NumPy name."""
    return _t(x, dtype)


@op
def copy(x):
    """A copy of `x`."""
    return torch.clone(_t(x))


@op
def meshgrid(*x, indexing="xy"):
    """Coordinate grids from 1-D vectors."""
    return list(torch.meshgrid([_t(v) for v in x], indexing=indexing))


# ------------------------------------------------------------------ shape manipulation


@op
def reshape(x, newshape):
    """`x` with a new shape (-1 infers one size)."""
    return torch.reshape(_t(x), _shape(newshape))


@op
def ravel(x):
    """`x` flattened to 1-D."""
    return torch.ravel(_t(x))


@op
def transpose(x, axes=None):
    """`x` with its axes permuted (reversed by default)."""
    x = _t(x)
    return x.permute(*(axes if axes is not None else range(x.ndim - 1, -1, -1)))


@op
def swapaxes(x, axis1, axis2):
    """`x` with two axes exchanged."""
    return torch.swapaxes(_t(x), axis1, axis2)


@op
def moveaxis(x, source, destination):
    """`x` with axes moved to new positions."""
    return torch.moveaxis(_t(x), source, destination)


@op
def expand_dims(x, axis):
    """`x` with size-1 axes inserted at `axis` (an int or a tuple)."""
    x = _t(x)
    axes = axis if isinstance(axis, (list, tuple)) else (axis,)
    out_ndim = x.ndim + len(axes)
    for a in sorted(a % out_ndim for a in axes):
        x = x.unsqueeze(a)
    return x


@op
def squeeze(x, axis=None):
    """`x` without its size-1 axes (or only those in `axis`)."""
    x = _t(x)
    if axis is None:
        return torch.squeeze(x)
    axes = axis if isinstance(axis, (list, tuple)) else (axis,)
    for a in axes:
        if x.shape[a] != 1:
            raise ValueError(f"Cannot squeeze an axis whose size is not 1. Received: axis={axis}, x.shape={tuple(x.shape)}")
    return torch.squeeze(x, dim=tuple(axes))


@op
def broadcast_to(x, shape):
    """`x` broadcast to `shape`."""
    return torch.broadcast_to(_t(x), _shape(shape))


@op
def concatenate(xs, axis=0):
    """Tensors joined along an existing axis (None flattens them first), in their promoted dtype."""
    xs = _common(xs)
    if axis is None:
        return torch.cat([x.reshape(-1) for x in xs])
    return torch.cat(xs, dim=axis)


@op
def append(x1, x2, axis=None):
    """`x2` appended to `x1` (flattened when `axis` is None)."""
    return concatenate._raw([x1, x2], axis=axis)


@op
def stack(x, axis=0):
    """Tensors joined along a new axis."""
    return torch.stack(_common(x), dim=axis)


@op
def hstack(xs):
    """Tensors joined column-wise."""
    return torch.hstack(_common(xs))


@op
def vstack(xs):
    """Tensors joined row-wise."""
    return torch.vstack(_common(xs))


@op
def dstack(xs):
    """Tensors joined along the third axis."""
    return torch.dstack(_common(xs))


@op
def split(x, indices_or_sections, axis=0):
    """`x` split into equal sections or at the given indices, as a list."""
    x = _t(x)
    if isinstance(indices_or_sections, int):
        if x.shape[axis] % indices_or_sections:
            raise ValueError(
                f"`x` cannot be split into {indices_or_sections} equal sections along axis {axis}. "
                f"Received: x.shape={tuple(x.shape)}, indices_or_sections={indices_or_sections}"
            )
        return list(torch.tensor_split(x, indices_or_sections, dim=axis))
    return list(torch.tensor_split(x, list(indices_or_sections), dim=axis))


@op
def array_split(x, indices_or_sections, axis=0):
    """`split` that allows unequal sections."""
    x = _t(x)
    sections = indices_or_sections if isinstance(indices_or_sections, int) else list(indices_or_sections)
    return list(torch.tensor_split(x, sections, dim=axis))


@op
def hsplit(x, indices_or_sections):
    """`split` along axis 1 (axis 0 for 1-D)."""
    x = _t(x)
    return split._raw(x, indices_or_sections, axis=1 if x.ndim > 1 else 0)


@op
def vsplit(x, indices_or_sections):
    """`split` along axis 0."""
    return split._raw(x, indices_or_sections, axis=0)


@op
def dsplit(x, indices_or_sections):
    """`split` along axis 2."""
    return split._raw(x, indices_or_sections, axis=2)


@op
def flip(x, axis=None):
    """`x` reversed along `axis` (all axes by default)."""
    x = _t(x)
    axes = range(x.ndim) if axis is None else (axis if isinstance(axis, (list, tuple)) else (axis,))
    return torch.flip(x, dims=tuple(axes))


@op
def fliplr(x):
    """`x` reversed along axis 1."""
    return torch.fliplr(_t(x))


@op
def flipud(x):
    """`x` reversed along axis 0."""
    return torch.flipud(_t(x))


@op
def rot90(array, k=1, axes=(0, 1)):
    """`array` rotated by 90 degrees `k` times in the plane of `axes`."""
    array = _t(array)
    if array.ndim < 2:
        raise ValueError(f"Input array must have at least 2 dimensions. Received: array.ndim={array.ndim}")
    if len(axes) != 2 or axes[0] == axes[1]:
        raise ValueError(f"Invalid axes: {axes}. Axes must be a tuple of two different dimensions.")
    return torch.rot90(array, k=k, dims=tuple(axes))


@op
def roll(x, shift, axis=None):
    """Elements shifted cyclically along `axis` (over the flattened tensor by default)."""
    x = _t(x)
    if axis is None:
        return torch.roll(x.reshape(-1), shift).reshape(x.shape)
    return torch.roll(x, shift, dims=axis)


@op
def tile(x, repeats):
    """`x` repeated `repeats` times along each axis."""
    x = _t(x)
    repeats = (repeats,) if isinstance(repeats, int) else tuple(repeats)
    return torch.tile(x, repeats)


@op
def repeat(x, repeats, axis=None):
    """Each element repeated `repeats` times (over the flattened tensor by default)."""
    x = _t(x)
    if axis is None:
        x = x.reshape(-1)
        axis = 0
    if not isinstance(repeats, int):
        repeats = _t(repeats)
    return torch.repeat_interleave(x, repeats, dim=axis)


@op
def pad(x, pad_width, mode="constant", constant_values=None):
    """`x` padded by `pad_width` (`((before, after), ...)`, or one pair / int for all axes).

    Modes are NumPy's: "constant", "edge", "reflect", "symmetric" ("wrap" and "circular" as torch's circular).
    """
    x = _t(x)
    pad_width = np.broadcast_to(np.array(pad_width, dtype=np.int64).reshape(-1, 2) if np.ndim(pad_width) else
                                np.array([[pad_width, pad_width]]), (x.ndim, 2))
    if mode != "constant" and constant_values is not None:
        raise ValueError(
            "Argument `constant_values` can only be provided when `mode == 'constant'`. "
            f"Received: mode={mode}"
        )
    if mode == "constant":
        flat = [int(v) for pair in pad_width[::-1] for v in pair]
        return torch.nn.functional.pad(x, flat, value=0 if constant_values is None else constant_values)
    if mode == "symmetric":
        for axis, (before, after) in enumerate(pad_width):
            parts = [torch.flip(x.narrow(axis, 0, int(before)), (axis,))] if before else []
            parts.append(x)
            if after:
                parts.append(torch.flip(x.narrow(axis, x.shape[axis] - int(after), int(after)), (axis,)))
            x = torch.cat(parts, dim=axis)
        return x
    torch_modes = {"edge": "replicate", "reflect": "reflect", "wrap": "circular", "circular": "circular"}
    if mode not in torch_modes:
        raise ValueError(
            f"Unsupported padding mode. Expected one of 'constant', 'edge', 'reflect', 'symmetric', 'wrap'. "
            f"Received: mode={mode}"
        )
    for axis, (before, after) in enumerate(pad_width):
        if before or after:
            moved = x.movedim(axis, -1)
            batch = moved.shape[:-1]
            flat = moved.reshape(1, -1, moved.shape[-1]) if x.dtype.is_floating_point else moved.reshape(
                1, -1, moved.shape[-1]).float()
            out = torch.nn.functional.pad(flat, (int(before), int(after)), mode=torch_modes[mode]).to(x.dtype)
            x = out.reshape(*batch, out.shape[-1]).movedim(-1, axis)
    return x


# ------------------------------------------------------------------ indexing


@op
def take(x, indices, axis=None):
    """Elements of `x` at `indices` along `axis` (of the flattened tensor by default); negative indices wrap."""
    x = _t(x)
    indices = _t(indices).long()
    if axis is None:
        x, axis = x.reshape(-1), 0
    size = x.shape[axis]
    indices = torch.where(indices < 0, indices + size, indices)
    out = torch.index_select(x, axis, indices.reshape(-1))
    return out.reshape(x.shape[:axis % x.ndim] + indices.shape + x.shape[axis % x.ndim + 1:])


@op
def take_along_axis(x, indices, axis=None):
    """Values of `x` at `indices` matched along `axis` (indices broadcast against `x`)."""
    x = _t(x)
    indices = _t(indices).long()
    if axis is None:
        x, axis = x.reshape(-1), 0
    axis = axis % x.ndim
    shape = list(torch.broadcast_shapes(x.shape[:axis] + (1,) + x.shape[axis + 1:],
                                        indices.shape[:axis] + (1,) + indices.shape[axis + 1:]))
    x_shape, i_shape = list(shape), list(shape)
    x_shape[axis], i_shape[axis] = x.shape[axis], indices.shape[axis]
    indices = torch.where(indices < 0, indices + x.shape[axis], indices)
    return torch.gather(x.expand(x_shape), axis, indices.expand(i_shape))


@op
def get_item(x, key):
    """`x[key]`."""
    return _t(x)[key]


@op
def where(condition, x1=None, x2=None):
    """`x1` where `condition` holds, else `x2`; with one argument, the indices where it holds."""
    condition = _t(condition, "bool")
    if x1 is None and x2 is None:
        return torch.stack(torch.where(condition), dim=0)
    if x1 is None or x2 is None:
        raise ValueError("`x1` and `x2` must both be given, or neither. Received: one of them None")
    dtype = to_torch_dtype(result_type(dtype_of(x1), dtype_of(x2)))
    return torch.where(condition, _t(x1, dtype), _t(x2, dtype))


@op
def select(condlist, choicelist, default=0):
    """The first choice whose condition holds, elementwise; `default` where none does."""
    if len(condlist) != len(choicelist):
        raise ValueError(
            "condlist and choicelist must have the same length. "
            f"Received: len(condlist)={len(condlist)}, len(choicelist)={len(choicelist)}"
        )
    choices = [_t(c) for c in choicelist]
    out = _t(default, choices[0].dtype) if not isinstance(default, torch.Tensor) else default
    for cond, choice in zip(reversed(condlist), reversed(choices)):
        out = torch.where(_t(cond), choice, out)
    return out


@op
def tril(x, k=0):
    """The lower triangle of the last two axes."""
    return torch.tril(_t(x), diagonal=k)


@op
def triu(x, k=0):
    """The upper triangle of the last two axes."""
    return torch.triu(_t(x), diagonal=k)


@op
def diag(x, k=0):
    """The `k`-th diagonal of a matrix, or a matrix with `x` on its `k`-th diagonal."""
    x = _t(x)
    if x.ndim not in (1, 2):
        raise ValueError(f"`diag` requires an array of at least two dimensions. Received: x.ndim={x.ndim}")
    return torch.diag(x, diagonal=k)


@op
def diagflat(x, k=0):
    """A matrix with flattened `x` on its `k`-th diagonal."""
    return torch.diagflat(_t(x), offset=k)


@op
def diagonal(x, offset=0, axis1=0, axis2=1):
    """The diagonal over two axes, appended as the last axis."""
    return torch.diagonal(_t(x), offset=offset, dim1=axis1, dim2=axis2)


@op
def unravel_index(indices, shape):
    """Coordinates, one tensor per axis of `shape`, for flat `indices`."""
    indices = _t(indices)
    coords = []
    for size in reversed(shape):
        coords.append((indices % size).to(to_torch_dtype(result_type(indices.dtype))))
        indices = torch.div(indices, size, rounding_mode="floor")
    return tuple(reversed(coords))


@op
def nonzero(x):
    """The indices of non-zero elements as one int32 tensor of shape `(x.ndim, count)` (Keras on torch's layout)."""
    return torch.nonzero(_t(x)).T.to(torch.int32)


@op
def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of a vector."""
    x = _t(x)
    if x.ndim != 1:
        raise ValueError(f"Input tensor must be 1-dimensional. Received: x.ndim={x.ndim}")
    return torch.vander(x, N=N, increasing=increasing)


def size(x):
    """The number of elements."""
    return math.prod(_t(x).shape) if not hasattr(x, "shape") else math.prod(x.shape)


def ndim(x):
    """The number of axes."""
    return len(x.shape) if hasattr(x, "shape") else _t(x).ndim


@op
def view(x, dtype=None):
    """The bytes of `x` reinterpreted as `dtype`."""
    x = _t(x)
    return x if dtype is None else x.view(to_torch_dtype(dtype))


def vectorize(pyfunc, *, excluded=None, signature=None):
    """`pyfunc` mapped over the elements (or the core dimensions of `signature`) of its inputs."""
    if signature is not None or excluded:
        return np.vectorize(pyfunc, excluded=excluded, signature=signature)

    def wrapper(*args):
        tensors = torch.broadcast_tensors(*[_t(a) for a in args])
        flat = [t.reshape(-1) for t in tensors]
        fn = pyfunc
        for _ in range(1):
            fn = torch.vmap(fn)
        return fn(*flat).reshape(tensors[0].shape)

    return wrapper



__all__ = [
    "append",
    "arange",
    "array",
    "array_split",
    "broadcast_to",
    "concatenate",
    "copy",
    "diag",
    "diagflat",
    "diagonal",
    "dsplit",
    "dstack",
    "empty",
    "empty_like",
    "expand_dims",
    "eye",
    "flip",
    "fliplr",
    "flipud",
    "full",
    "full_like",
    "geomspace",
    "get_item",
    "hsplit",
    "hstack",
    "identity",
    "linspace",
    "logspace",
    "meshgrid",
    "moveaxis",
    "ndim",
    "nonzero",
    "ones",
    "ones_like",
    "pad",
    "ravel",
    "repeat",
    "reshape",
    "roll",
    "rot90",
    "select",
    "size",
    "split",
    "squeeze",
    "stack",
    "swapaxes",
    "take",
    "take_along_axis",
    "tile",
    "transpose",
    "tri",
    "tril",
    "triu",
    "unravel_index",
    "vander",
    "vectorize",
    "view",
    "vsplit",
    "vstack",
    "where",
    "zeros",
    "zeros_like",
]


def _window(fn, name, doc):
    def window(x):
        return fn(int(x), periodic=False, dtype=torch.float32, device=_dev()) if int(x) > 1 else torch.ones(
            (int(x),), dtype=torch.float32, device=_dev())

    window.__name__ = window.__qualname__ = name
    window.__doc__ = doc
    return window


bartlett = _window(torch.signal.windows.bartlett, "bartlett", "The Bartlett (triangular) window of length `x`.")
blackman = _window(torch.signal.windows.blackman, "blackman", "The Blackman window of length `x`.")
hamming = _window(torch.signal.windows.hamming, "hamming", "The Hamming window of length `x`.")
hanning = _window(torch.signal.windows.hann, "hanning", "The Hann window of length `x`.")


def kaiser(x, beta):
    """The Kaiser window of length `x` with shape parameter `beta`."""
    return torch.signal.windows.kaiser(int(x), beta=float(beta), sym=True, dtype=torch.float32, device=_dev())


@op
def isin(x1, x2, assume_unique=False, invert=False):
    """True where an element of `x1` occurs in `x2` (False with `invert`)."""
    x1, x2 = _t(x1), _t(x2)
    return torch.isin(x1, x2, assume_unique=assume_unique, invert=invert)


__all__ += ["bartlett", "blackman", "hamming", "hanning", "kaiser", "isin"]
