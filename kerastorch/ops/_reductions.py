"""keras.ops reductions, statistics, sorting and products (matmul, dot, einsum ...)."""

import builtins

import torch

from kerastorch.backend import config
from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.ops._dtypes import result_type
from kerastorch.ops.core import _to_tensor
from kerastorch.ops.symbolic_op import op

_t = _to_tensor
_SMALL_INTS = ("bool", "uint8", "int8", "int16")


def _axes(axis):
    if axis is None:
        return None
    return tuple(axis) if isinstance(axis, (list, tuple)) else (axis,)


def _name(x):
    return standardize_dtype(x.dtype)


def _stackable(x):
    return torch.stack([_t(v) for v in x]) if isinstance(x, (list, tuple)) else _t(x)


@op
def sum(x, axis=None, keepdims=False):
    """Sum over `axis` (all by default); bool and small integers give int32."""
    x = _stackable(x)
    if axis == () or axis == []:
        return x
    dtype = "int32" if _name(x) in _SMALL_INTS else _name(x)
    out = torch.sum(x, dim=_axes(axis), keepdim=keepdims) if axis is not None else torch.sum(x)
    return out.to(to_torch_dtype(dtype))


@op
def prod(x, axis=None, keepdims=False, dtype=None):
    """Product over `axis`; bool and small integers give int32."""
    x = _t(x)
    if dtype is None:
        dtype = "int32" if _name(x) in _SMALL_INTS else result_type(x.dtype)
    target = to_torch_dtype(dtype)
    compute = torch.float32 if target == torch.float16 and x.device.type == "cpu" else target
    if axis is None:
        return torch.prod(x, dtype=compute).to(target)
    for a in sorted((a % builtins.max(x.ndim, 1) for a in _axes(axis)), reverse=True):
        x = torch.prod(x, dim=a, keepdim=keepdims, dtype=compute).to(target)
    return x


@op
def mean(x, axis=None, keepdims=False):
    """Mean over `axis`; integers give floatx (computed in float32 or wider)."""
    x = _stackable(x)
    if axis == () or axis == []:
        return x
    compute = to_torch_dtype(result_type(x.dtype, "float32"))
    result = x.dtype if x.is_floating_point() else compute
    out = torch.mean(x.to(compute), dim=_axes(axis), keepdim=keepdims) if axis is not None else torch.mean(
        x.to(compute))
    return out.to(result)


def _extremum(torch_fn, what):
    def fn(x, axis=None, keepdims=False, initial=None):
        x = _t(x)
        if 0 in x.shape:
            if initial is None:
                raise ValueError(f"Cannot compute the {what} of an empty tensor.")
            shape = (1,) * x.ndim if keepdims else ()
            return torch.full(shape, initial, device=x.device)
        if axis is None:
            out = torch_fn(x)
            if keepdims:
                out = out.reshape((1,) * x.ndim)
        else:
            out = torch_fn(x, dim=_axes(axis), keepdim=keepdims)
        if initial is not None:
            out = torch.maximum(out, _t(initial, out.dtype)) if what == "max" else torch.minimum(
                out, _t(initial, out.dtype))
        return out

    fn.__name__ = fn.__qualname__ = what
    fn.__doc__ = f"The {what}imum over `axis` (all axes by default), at least `initial` if given."
    return op(fn)


max = _extremum(torch.amax, "max")
min = _extremum(torch.amin, "min")


@op
def amax(x, axis=None, keepdims=False):
    """The maximum over `axis`."""
    return max._raw(x, axis=axis, keepdims=keepdims)


@op
def amin(x, axis=None, keepdims=False):
    """The minimum over `axis`."""
    return min._raw(x, axis=axis, keepdims=keepdims)


@op
def all(x, axis=None, keepdims=False):
    """True where every element over `axis` is truthy."""
    x = _t(x)
    if axis == () or axis == []:
        return x.to(torch.bool)
    return torch.all(x, dim=_axes(axis), keepdim=keepdims) if axis is not None else torch.all(x).reshape(
        (1,) * x.ndim if keepdims else ())


@op
def any(x, axis=None, keepdims=False):
    """True where some element over `axis` is truthy."""
    x = _t(x)
    if axis == () or axis == []:
        return x.to(torch.bool)
    return torch.any(x, dim=_axes(axis), keepdim=keepdims) if axis is not None else torch.any(x).reshape(
        (1,) * x.ndim if keepdims else ())


def _arg(torch_fn, name):
    def fn(x, axis=None, keepdims=False):
        x = _t(x)
        if x.dtype == torch.bool or not (x.is_floating_point() or x.is_complex()):
            x = x.to(to_torch_dtype(config.floatx()))
        if axis is None:
            out = torch_fn(x.reshape(-1))
            return out.reshape((1,) * x.ndim if keepdims else ()).to(torch.int32)
        return torch_fn(x, dim=axis, keepdim=keepdims).to(torch.int32)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"The int32 index of the {name[3:]}imum along `axis` (of the flattened tensor by default)."
    return op(fn)


argmax = _arg(torch.argmax, "argmax")
argmin = _arg(torch.argmin, "argmin")


@op
def nanargmax(x, axis=None, keepdims=False):
    """`argmax` ignoring NaN."""
    x = _t(x)
    if x.is_floating_point():
        x = torch.where(torch.isnan(x), torch.tensor(-float("inf"), dtype=x.dtype, device=x.device), x)
    return argmax._raw(x, axis=axis, keepdims=keepdims)


@op
def nanargmin(x, axis=None, keepdims=False):
    """`argmin` ignoring NaN."""
    x = _t(x)
    if x.is_floating_point():
        x = torch.where(torch.isnan(x), torch.tensor(float("inf"), dtype=x.dtype, device=x.device), x)
    return argmin._raw(x, axis=axis, keepdims=keepdims)


@op
def argsort(x, axis=-1):
    """The int32 indices that sort `x` along `axis` (stable)."""
    x = _t(x)
    if x.dtype == torch.bool:
        x = x.to(torch.uint8)
    if axis is None:
        x, axis = x.reshape(-1), -1
    return torch.argsort(x, dim=axis, stable=True).to(torch.int32)


@op
def sort(x, axis=-1):
    """`x` sorted along `axis`."""
    x = _t(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    return torch.sort(x, dim=axis).values


@op
def argpartition(x, kth, axis=-1):
    """Indices that put the `kth` element in its sorted place with smaller values before it."""
    x = _t(x)
    x_moved = torch.moveaxis(x, axis, -1)
    order = torch.argsort(x_moved, dim=-1, stable=True)
    return torch.moveaxis(order, -1, axis).to(torch.int32)


def _var_like(x, axis, keepdims, fn):
    x = _t(x)
    result = to_torch_dtype(result_type(x.dtype, float))
    compute = to_torch_dtype(result_type(x.dtype, "float32"))
    if axis == [] or axis == ():
        return torch.zeros_like(x, dtype=result)
    out = fn(x.to(compute), dim=_axes(axis), keepdim=keepdims, correction=0)
    return out.to(result)


@op
def var(x, axis=None, keepdims=False):
    """Population variance over `axis`."""
    return _var_like(x, axis, keepdims, torch.var)


@op
def std(x, axis=None, keepdims=False):
    """Population standard deviation over `axis`."""
    return _var_like(x, axis, keepdims, torch.std)


def _cumulative(torch_fn, name):
    def fn(x, axis=None, dtype=None):
        x = _t(x)
        if axis is None:
            x, axis = x.reshape(-1), 0
        dtype = result_type(dtype or x.dtype)
        if dtype == "bool":
            dtype = "int32"
        target = to_torch_dtype(dtype)
        if target == torch.float16 and x.device.type == "cpu":
            return torch_fn(x, dim=axis, dtype=torch.float32).to(target)
        return torch_fn(x, dim=axis, dtype=target)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"The cumulative {name[3:]} along `axis` (of the flattened tensor by default)."
    return op(fn)


cumsum = _cumulative(torch.cumsum, "cumsum")
cumprod = _cumulative(torch.cumprod, "cumprod")


@op
def nancumsum(x, axis=None, dtype=None):
    """`cumsum` treating NaN as 0."""
    return cumsum._raw(torch.nan_to_num(_t(x), nan=0.0, posinf=float("inf"), neginf=-float("inf")), axis, dtype)


@op
def nancumprod(x, axis=None, dtype=None):
    """`cumprod` treating NaN as 1."""
    return cumprod._raw(torch.nan_to_num(_t(x), nan=1.0, posinf=float("inf"), neginf=-float("inf")), axis, dtype)


@op
def quantile(x, q, axis=None, method="linear", keepdims=False):
    """The `q`-th quantiles (q in [0, 1]) over `axis`; `method` as NumPy's interpolation."""
    x = _t(x)
    q = _t(q)
    result = to_torch_dtype(result_type(x.dtype, float))
    compute = torch.float64 if x.dtype == torch.float64 else torch.float32
    x = x.to(compute)
    q = q.to(compute)
    axes = _axes(axis)
    if axes is None:
        out = torch.quantile(x.reshape(-1), q, interpolation=method)
        if keepdims:
            out = out.reshape(q.shape + (1,) * x.ndim)
        return out.to(result)
    axes = sorted(a % x.ndim for a in axes)
    others = [d for d in range(x.ndim) if d not in axes]
    moved = x.permute(*others, *axes).reshape(*[x.shape[d] for d in others], -1)
    out = torch.quantile(moved, q, dim=-1, interpolation=method)
    if keepdims:
        for a in axes:
            out = out.unsqueeze(a + q.ndim)
    return out.to(result)


@op
def percentile(x, q, axis=None, method="linear", keepdims=False):
    """The `q`-th percentiles (q in [0, 100]) over `axis`."""
    return quantile._raw(x, _t(q) / 100.0, axis=axis, method=method, keepdims=keepdims)


@op
def median(x, axis=None, keepdims=False):
    """The median over `axis` (averaging the two middle values)."""
    return quantile._raw(x, 0.5, axis=axis, keepdims=keepdims)


@op
def average(x, axis=None, weights=None):
    """The (weighted) mean over `axis`."""
    x = _t(x)
    kinds = [x.dtype, float] + ([_t(weights).dtype] if weights is not None else [])
    dtype = to_torch_dtype(result_type(*kinds))
    x = x.to(dtype)
    if axis == () or axis == []:
        return x
    if weights is None:
        return torch.mean(x, dim=axis) if axis is not None else torch.mean(x)
    weights = _t(weights, dtype)
    if axis is not None and weights.ndim == 1 and x.ndim > 1:
        shape = [1] * x.ndim
        shape[axis] = -1
        weights = weights.reshape(shape)
    weights = torch.broadcast_to(weights, x.shape)
    if axis is None:
        return torch.sum(x * weights) / torch.sum(weights)
    return torch.sum(x * weights, dim=axis) / torch.sum(weights, dim=axis)


@op
def ptp(x, axis=None, keepdims=False):
    """Range (max - min) over `axis`."""
    return max._raw(x, axis=axis, keepdims=keepdims) - min._raw(x, axis=axis, keepdims=keepdims)


@op
def count_nonzero(x, axis=None):
    """The int32 count of non-zero elements over `axis`."""
    x = _t(x)
    if axis == () or axis == []:
        return torch.ne(x, 0).to(torch.int32)
    return torch.count_nonzero(x, dim=_axes(axis)).to(torch.int32)


def _nan_reduction(name, fill, reduce):
    def fn(x, axis=None, keepdims=False):
        x = _t(x)
        if x.is_floating_point():
            x = torch.where(torch.isnan(x), torch.tensor(fill, dtype=x.dtype, device=x.device), x)
        return reduce(x, axis=axis, keepdims=keepdims)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"`{name[3:]}` ignoring NaN values."
    return op(fn)


nansum = _nan_reduction("nansum", 0.0, sum._raw)
nanprod = _nan_reduction("nanprod", 1.0, prod._raw)
nanmax = _nan_reduction("nanmax", -float("inf"), max._raw)
nanmin = _nan_reduction("nanmin", float("inf"), min._raw)


def _nan_stat(name, torch_fn):
    def fn(x, axis=None, keepdims=False):
        x = _t(x)
        result = to_torch_dtype(result_type(x.dtype, float))
        x = x.to(result)
        valid = ~torch.isnan(x)
        count = valid.sum(dim=_axes(axis), keepdim=True) if axis is not None else valid.sum().reshape((1,) * x.ndim)
        filled = torch.where(valid, x, torch.zeros((), dtype=x.dtype, device=x.device))
        total = filled.sum(dim=_axes(axis), keepdim=True) if axis is not None else filled.sum().reshape((1,) * x.ndim)
        mean_ = total / count
        if name == "nanmean":
            out = mean_
        else:
            squares = torch.where(valid, (x - mean_) ** 2, torch.zeros((), dtype=x.dtype, device=x.device))
            total_sq = squares.sum(dim=_axes(axis), keepdim=True) if axis is not None else squares.sum().reshape(
                (1,) * x.ndim)
            out = torch_fn(total_sq / count)
        if not keepdims:
            out = out.squeeze(_axes(axis)) if axis is not None else out.reshape(())
        return out

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"`{name[3:]}` ignoring NaN values."
    return op(fn)


nanmean = _nan_stat("nanmean", None)
nanvar = _nan_stat("nanvar", lambda v: v)
nanstd = _nan_stat("nanstd", torch.sqrt)


@op
def nanquantile(x, q, axis=None, method="linear", keepdims=False):
    """`quantile` ignoring NaN values."""
    x = _t(x)
    result = to_torch_dtype(result_type(x.dtype, float))
    x = x.to(torch.float64 if x.dtype == torch.float64 else torch.float32)
    q = _t(q).to(x.dtype)
    if axis is None:
        out = torch.nanquantile(x.reshape(-1), q, interpolation=method)
        return (out.reshape(q.shape + (1,) * x.ndim) if keepdims else out).to(result)
    axes = sorted(a % x.ndim for a in _axes(axis))
    others = [d for d in range(x.ndim) if d not in axes]
    moved = x.permute(*others, *axes).reshape(*[x.shape[d] for d in others], -1)
    out = torch.nanquantile(moved, q, dim=-1, interpolation=method)
    if keepdims:
        for a in axes:
            out = out.unsqueeze(a + q.ndim)
    return out.to(result)


@op
def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
    """`percentile` ignoring NaN values."""
    return nanquantile._raw(x, _t(q) / 100.0, axis=axis, method=method, keepdims=keepdims)


@op
def nanmedian(x, axis=None, keepdims=False):
    """`median` ignoring NaN values."""
    return nanquantile._raw(x, 0.5, axis=axis, keepdims=keepdims)


# ------------------------------------------------------------------ products


def _float_compute(x1, x2):
    """Operands in a float compute dtype and the Keras result dtype (integer products go through floats)."""
    x1, x2 = _t(x1), _t(x2)
    result = result_type(x1.dtype, x2.dtype)
    compute = result_type(result, float)
    if compute == "float16" and x1.device.type == "cpu":
        compute = "float32"
    return x1.to(to_torch_dtype(compute)), x2.to(to_torch_dtype(compute)), to_torch_dtype(result)


@op
def matmul(x1, x2):
    """Matrix product (batched over leading axes); integers give int32."""
    x1, x2 = _t(x1), _t(x2)
    if x1.is_floating_point() and x1.dtype == x2.dtype:
        return torch.matmul(x1, x2)
    a, b, result = _float_compute(x1, x2)
    if result in (torch.int8, torch.uint8, torch.int16, torch.bool):
        result = torch.int32
    return torch.matmul(a, b).to(result)


@op
def dot(x1, x2):
    """NumPy's `dot`: scalars multiply, vectors give their inner product, otherwise sums over the last axis of
    `x1` and the second-to-last of `x2`."""
    a, b, result = _float_compute(x1, x2)
    if a.ndim == 0 or b.ndim == 0:
        out = a * b
    elif b.ndim == 1:
        out = torch.matmul(a, b)
    else:
        out = torch.tensordot(a, b, dims=([a.ndim - 1], [b.ndim - 2]))
    return out.to(result)


@op
def tensordot(x1, x2, axes=2):
    """Sum of products over the given axes."""
    a, b, result = _float_compute(x1, x2)
    if isinstance(axes, (list, tuple)):
        first, second = axes
        axes = (list(first) if isinstance(first, (list, tuple)) else [first],
                list(second) if isinstance(second, (list, tuple)) else [second])
    return torch.tensordot(a, b, dims=axes).to(result)


@op
def vdot(x1, x2):
    """Dot product of the flattened tensors (conjugating the first)."""
    a, b, result = _float_compute(x1, x2)
    return torch.vdot(a.reshape(-1), b.reshape(-1)).to(result)


@op
def inner(x1, x2):
    """Inner product over the last axes."""
    a, b, result = _float_compute(x1, x2)
    return torch.inner(a, b).to(result)


@op
def outer(x1, x2):
    """Outer product of the flattened tensors."""
    x1, x2 = _t(x1), _t(x2)
    return torch.outer(x1.reshape(-1), x2.reshape(-1))


@op
def kron(x1, x2):
    """Kronecker product."""
    return torch.kron(_t(x1), _t(x2))


@op
def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """Cross product of 3-vectors (2-vectors are treated as having z = 0)."""
    x1, x2 = _t(x1), _t(x2)
    if axis is not None:
        axisa = axisb = axisc = axis
    x1, x2 = torch.moveaxis(x1, axisa, -1), torch.moveaxis(x2, axisb, -1)
    dtype = to_torch_dtype(result_type(x1.dtype, x2.dtype))
    x1, x2 = x1.to(dtype), x2.to(dtype)
    if x1.shape[-1] == 2:
        x1 = torch.nn.functional.pad(x1, (0, 1))
    if x2.shape[-1] == 2:
        x2 = torch.nn.functional.pad(x2, (0, 1))
    x1, x2 = torch.broadcast_tensors(x1, x2)
    return torch.moveaxis(torch.linalg.cross(x1, x2, dim=-1), -1, axisc)


@op
def einsum(subscripts, *operands, **kwargs):
    """Einstein summation; all-int8 operands give int32."""
    operands = [_t(x) for x in operands]
    kinds = {x.dtype for x in operands}
    if kinds == {torch.int8}:
        return torch.einsum(subscripts, *[x.to(torch.int32) for x in operands]).to(torch.int32)
    if len(kinds) > 1:
        dtype = to_torch_dtype(result_type(*kinds))
        operands = [x.to(dtype) for x in operands]
    return torch.einsum(subscripts, *operands)


@op
def trace(x, offset=0, axis1=0, axis2=1):
    """Sum along a diagonal; small integers give int32."""
    x = _t(x)
    dtype = "int32" if _name(x) in _SMALL_INTS else _name(x)
    return torch.sum(torch.diagonal(x, offset=offset, dim1=axis1, dim2=axis2), dim=-1).to(to_torch_dtype(dtype))


@op
def diff(a, n=1, axis=-1):
    """The `n`-th discrete difference along `axis`."""
    return torch.diff(_t(a), n=n, dim=axis)


@op
def correlate(x1, x2, mode="valid"):
    """Cross-correlation of two 1-D sequences (`mode`: "valid", "same" or "full")."""
    x1, x2 = _t(x1), _t(x2)
    dtype = to_torch_dtype(result_type(x1.dtype, x2.dtype, float)) if not x1.is_floating_point() or x1.dtype != x2.dtype else x1.dtype
    if dtype == torch.float64 and not (x1.dtype == torch.float64 or x2.dtype == torch.float64):
        dtype = torch.float32
    x1, x2 = x1.to(dtype), x2.to(dtype)
    n = x2.shape[0]
    padding = {"valid": 0, "same": n // 2, "full": n - 1}
    if mode not in padding:
        raise ValueError(f"`mode` must be 'valid', 'same' or 'full'. Received: mode={mode}")
    if mode == "same":
        x1p = torch.nn.functional.pad(x1, ((n - 1) // 2 + ((n - 1) % 2), (n - 1) // 2))
        return torch.nn.functional.conv1d(x1p[None, None], x2[None, None])[0, 0][: x1.shape[0]]
    x1p = torch.nn.functional.pad(x1, (padding[mode], padding[mode]))
    return torch.nn.functional.conv1d(x1p[None, None], x2[None, None])[0, 0]


@op
def corrcoef(x):
    """Pearson correlation coefficients between the rows of `x`."""
    x = _t(x)
    if not x.is_floating_point():
        x = x.to(to_torch_dtype(config.floatx()))
    return torch.corrcoef(x)


@op
def trapezoid(y, x=None, dx=1.0, axis=-1):
    """Integral of `y` along `axis` by the trapezoid rule (sample points `x`, or spacing `dx`)."""
    y = _t(y)
    if not y.is_floating_point():
        y = y.to(to_torch_dtype(config.floatx()))
    if x is None:
        return torch.trapezoid(y, dx=dx, dim=axis)
    return torch.trapezoid(y, x=_t(x).to(y.dtype), dim=axis)


# ------------------------------------------------------------------ searching and counting


@op
def unique(x, sorted=True, return_index=False, return_inverse=False, return_counts=False, axis=None, size=None,
           fill_value=None):
    """The unique values (and optionally first indices, inverse indices and counts), padded to `size` if given."""
    x = _t(x)
    flat = x.reshape(-1) if axis is None else x
    values, inverse, counts = torch.unique(flat, sorted=True, return_inverse=True, return_counts=True,
                                           dim=axis)
    outputs = [values]
    if return_index:
        positions = torch.arange(flat.shape[0 if axis is None else axis], device=x.device)
        first = torch.full((values.shape[0 if axis is None else axis],), flat.numel(), dtype=torch.long,
                           device=x.device)
        outputs.append(first.scatter_reduce(0, inverse.reshape(-1), positions, "amin").to(torch.int32))
    if return_inverse:
        outputs.append(inverse.reshape(x.shape if axis is None else inverse.shape).to(torch.int32))
    if return_counts:
        outputs.append(counts.to(torch.int32))
    if size is not None:
        def fit(t, fill):
            if t.shape[0] >= size:
                return t[:size]
            return torch.cat([t, torch.full((size - t.shape[0],) + t.shape[1:], fill, dtype=t.dtype, device=t.device)])
        fill = fill_value if fill_value is not None else values.min().item() if values.numel() else 0
        outputs[0] = fit(values, fill)
        if return_index:
            outputs[1] = fit(outputs[1], 0)
        if return_counts:
            outputs[-1] = fit(outputs[-1], 0)
    return outputs[0] if len(outputs) == 1 else tuple(outputs)


@op
def searchsorted(sorted_sequence, values, side="left"):
    """Insertion indices of `values` in a 1-D sorted sequence (int32)."""
    sorted_sequence, values = _t(sorted_sequence), _t(values)
    if sorted_sequence.ndim != 1:
        raise ValueError(
            "`searchsorted` only supports 1-D sorted sequences. You can use `keras.ops.vectorized_map` to extend "
            f"it to N-D sequences. Received: sorted_sequence.shape={tuple(sorted_sequence.shape)}"
        )
    dtype = to_torch_dtype(result_type(sorted_sequence.dtype, values.dtype))
    return torch.searchsorted(sorted_sequence.to(dtype), values.to(dtype), side=side, out_int32=True)


@op
def digitize(x, bins):
    """The int32 index of the bin each value falls in."""
    x, bins = _t(x), _t(bins)
    if x.dtype == torch.bool:
        x = x.to(torch.uint8)
    return torch.bucketize(x, bins, right=True).to(torch.int32)


@op
def bincount(x, weights=None, minlength=0, sparse=False):
    """Counts (or summed weights) of each non-negative integer value; a 2-D input counts per row."""
    if sparse:
        raise ValueError(f"`sparse=True` is not supported: kerastorch tensors are dense. Received: sparse={sparse}")
    x = _t(x).long()
    dtype = torch.int32 if weights is None else to_torch_dtype(result_type(_t(x).dtype, _t(weights).dtype))
    if weights is not None:
        weights = _t(weights)
    length = builtins.max(int(minlength), int(x.max().item()) + 1 if x.numel() else 0)
    if x.ndim == 2:
        out = torch.zeros((x.shape[0], length), dtype=dtype if weights is not None else torch.int64, device=x.device)
        source = weights.to(out.dtype) if weights is not None else torch.ones_like(x)
        return out.scatter_add(1, x, source).to(dtype)
    if weights is None:
        return torch.bincount(x, minlength=length).to(dtype)
    return torch.bincount(x, weights=weights.to(torch.float64), minlength=length).to(dtype)


@op
def histogram(x, bins=10, range=None):
    """Counts of values in `bins` equal-width bins, and the bin edges."""
    x = _t(x)
    out = torch.histogram(x.cpu().float() if x.device.type != "cpu" else x.float(), bins=bins, range=range)
    return out.hist.to(x.device), out.bin_edges.to(x.device)


__all__ = [
    "all",
    "amax",
    "amin",
    "any",
    "argmax",
    "argmin",
    "argpartition",
    "argsort",
    "average",
    "bincount",
    "corrcoef",
    "correlate",
    "count_nonzero",
    "cross",
    "cumprod",
    "cumsum",
    "diff",
    "digitize",
    "dot",
    "einsum",
    "histogram",
    "inner",
    "kron",
    "matmul",
    "max",
    "mean",
    "median",
    "min",
    "nanargmax",
    "nanargmin",
    "nancumprod",
    "nancumsum",
    "nanmax",
    "nanmean",
    "nanmedian",
    "nanmin",
    "nanpercentile",
    "nanprod",
    "nanquantile",
    "nanstd",
    "nansum",
    "nanvar",
    "outer",
    "percentile",
    "prod",
    "ptp",
    "quantile",
    "searchsorted",
    "sort",
    "std",
    "sum",
    "tensordot",
    "trace",
    "trapezoid",
    "unique",
    "var",
    "vdot",
]
