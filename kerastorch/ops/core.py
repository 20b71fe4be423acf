"""keras.ops core: conversion, casting, control flow, slicing and scattering, on torch tensors.

Control flow runs eagerly in Python (torch has no graph-mode `cond`): `cond` and `while_loop` read their
predicate on the host, which is the one place these ops synchronize a CUDA device, as in Keras on torch.
"""

import builtins

import numpy as np
import torch

from kerastorch.backend import config
from kerastorch.backend import device as device_lib
from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.backend.variable import Variable
from kerastorch.ops._dtypes import result_type
from kerastorch.ops.symbolic_op import op
from kerastorch.utils import tree


def _to_tensor(x, dtype=None):
    """`convert_to_tensor` without the symbolic check: the conversion every op starts with.

    Keras's rules: a tensor keeps its dtype (moved to the default device); a Python float becomes floatx, a
    Python int int32 (int64 beyond 32 bits), a bool bool; a NumPy array keeps its dtype (float64 stays
    float64); a list takes the promoted dtype of its elements.
    """
    if isinstance(x, torch.Tensor):
        device = device_lib.get_device()
        if x.device != device and not (x.device.type == device.type == "cuda"):
            x = x.to(device)
        return x if dtype is None else x.to(to_torch_dtype(dtype))
    if isinstance(x, (bool, int, float, complex)):
        if dtype is not None:
            torch_dtype = to_torch_dtype(dtype)
        elif isinstance(x, bool):
            torch_dtype = torch.bool
        elif isinstance(x, int):
            torch_dtype = torch.int32 if -(2**31) <= x < 2**31 else torch.int64
        elif isinstance(x, float):
            torch_dtype = to_torch_dtype(config.floatx())
        else:
            torch_dtype = torch.complex64
        return torch.as_tensor(x, dtype=torch_dtype, device=device_lib.get_device())
    if isinstance(x, KerasTensor):
        raise ValueError(f"A symbolic KerasTensor has no value to convert to a tensor. Received: x={x}")
    if isinstance(x, (list, tuple)):
        if any(isinstance(v, torch.Tensor) for v in x):
            return torch.stack([_to_tensor(v) for v in x]) if dtype is None else torch.stack(
                [_to_tensor(v, dtype) for v in x])
        if dtype is None:
            leaves = tree.flatten(list(x))
            dtype = result_type(*[getattr(v, "dtype", type(v)) for v in leaves]) if leaves else config.floatx()
        x = np.array(x)
    elif not isinstance(x, np.ndarray):
        x = np.array(x)
    if x.dtype == np.uint32:
        x = x.astype(np.int64)
    if dtype is None:
        dtype = x.dtype
    return torch.as_tensor(x, dtype=to_torch_dtype(dtype), device=device_lib.get_device())


@op
def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """Converts a NumPy array, Python value or tensor to a torch tensor on the default device.

    Args:
        x: The value.
        dtype: Target dtype name; None keeps Keras's inferred dtype.
        sparse, ragged: Must be falsy: torch tensors here are dense.
    """
    if sparse:
        raise ValueError(f"`sparse=True` is not supported: kerastorch tensors are dense. Received: sparse={sparse}")
    if ragged:
        raise ValueError(f"`ragged=True` is not supported: kerastorch tensors are dense. Received: ragged={ragged}")
    return _to_tensor(x, dtype)


def convert_to_numpy(x):
    """A NumPy copy of a tensor (detached and moved to the host); other values go through `np.array`."""
    if isinstance(x, KerasTensor):
        raise ValueError(f"A symbolic KerasTensor cannot be converted to NumPy. Received: x={x}")
    if isinstance(x, torch.Tensor):
        # A weight sharded by ModelParallel is gathered whole (every process calls it, as `get_weights()`).
        x = x._whole_value() if isinstance(x, Variable) else x.detach()
        if x.device.type != "cpu":
            x = x.cpu()
        if x.dtype == torch.bfloat16:
            return x.to(torch.float32).numpy()
        return x.numpy().copy() if not x.is_conj() else x.resolve_conj().numpy()
    if isinstance(x, (list, tuple)):
        return np.array([convert_to_numpy(v) for v in x])
    return np.array(x)


def is_tensor(x):
    """True for a torch tensor (a NumPy array is not a backend tensor)."""
    return isinstance(x, torch.Tensor)


def shape(x):
    """The shape as a tuple (None for unknown sizes of a KerasTensor)."""
    return tuple(x.shape) if hasattr(x, "shape") else tuple(np.shape(x))


def dtype(x):
    """The Keras dtype name of a tensor, e.g. "float32"."""
    return standardize_dtype(x.dtype) if hasattr(x, "dtype") else standardize_dtype(_to_tensor(x).dtype)


@op
def cast(x, dtype):
    """`x` as `dtype` (a tensor already of that dtype is returned as-is)."""
    torch_dtype = to_torch_dtype(dtype)
    if isinstance(x, torch.Tensor):
        return x if x.dtype == torch_dtype else x.to(torch_dtype)
    return _to_tensor(x, torch_dtype)


@op
def saturate_cast(x, dtype):
    """Casts with clipping to the target range first, so out-of-range values saturate instead of wrapping."""
    x = _to_tensor(x)
    target = to_torch_dtype(dtype)
    if target.is_floating_point or target == torch.bool:
        if x.is_floating_point() and target.is_floating_point:
            info = torch.finfo(target)
            x = torch.clamp(x, info.min, info.max)
        return x.to(target)
    info = torch.iinfo(target)
    if x.is_floating_point():
        # The bounds as the input's float type, rounded inward so the cast back cannot overflow.
        low = torch.tensor(info.min, dtype=torch.float64).to(x.dtype)
        high = torch.tensor(info.max, dtype=torch.float64).to(x.dtype)
        high = torch.where(high.double() > info.max, torch.nextafter(high, torch.zeros_like(high)), high)
        return torch.clamp(x, low, high).to(target)
    if x.dtype == torch.bool:
        return x.to(target)
    src = torch.iinfo(x.dtype)
    return torch.clamp(x, builtins.max(info.min, src.min), builtins.min(info.max, src.max)).to(target)


@op
def stop_gradient(variable):
    """The value with no gradient flowing back through it."""
    return _to_tensor(variable).detach()


def cond(pred, true_fn, false_fn):
    """`true_fn()` if `pred` else `false_fn()`."""
    if isinstance(pred, KerasTensor):
        raise ValueError(f"`cond` needs a concrete predicate in kerastorch (ops run eagerly). Received: pred={pred}")
    return true_fn() if bool(pred) else false_fn()


def switch(index, branches, *operands):
    """`branches[index](*operands)`, the index clipped into range."""
    index = int(_to_tensor(index, "int32"))
    index = builtins.min(builtins.max(index, 0), len(branches) - 1)
    return branches[index](*operands)


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    """Repeats `loop_vars = body(*loop_vars)` while `cond(*loop_vars)` holds (at most `maximum_iterations`)."""
    is_sequence = isinstance(loop_vars, (list, tuple))
    loop_vars = tuple(loop_vars) if is_sequence else (loop_vars,)
    loop_vars = tree.map_structure(_to_tensor, loop_vars)
    iteration = 0
    while (maximum_iterations is None or iteration < maximum_iterations) and bool(cond(*loop_vars)):
        loop_vars = body(*loop_vars)
        loop_vars = tuple(loop_vars) if isinstance(loop_vars, (list, tuple)) else (loop_vars,)
        iteration += 1
    return loop_vars if is_sequence else loop_vars[0]


def fori_loop(lower, upper, body_fun, init_val):
    """`val = body_fun(i, val)` for `i` in `range(lower, upper)`."""
    value = init_val
    for i in range(int(lower), int(upper)):
        value = body_fun(i, value)
    return value


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """Carries `carry, y = f(carry, x)` over the leading axis of `xs`; returns `(carry, stacked ys)`."""
    if not callable(f):
        raise TypeError(f"`f` should be a callable. Received: f={f}")
    if not isinstance(unroll, bool) and (not isinstance(unroll, int) or unroll < 1):
        raise ValueError(f"`unroll` must be an positive integer or boolean. Received: unroll={unroll}")
    if xs is None and length is None:
        raise ValueError("Got no `xs` to scan over and `length` not provided.")
    flat_xs = [_to_tensor(x) for x in tree.flatten(xs)] if xs is not None else []
    n = length if length is not None else flat_xs[0].shape[0]
    if flat_xs and length is not None and builtins.any(x.shape[0] != length for x in flat_xs):
        raise ValueError(
            f"`length` must equal the leading size of every `xs`. Received: length={length}, "
            f"xs shapes={[tuple(x.shape) for x in flat_xs]}"
        )
    carry, ys = init, []
    steps = range(n - 1, -1, -1) if reverse else range(n)
    for i in steps:
        x = tree.pack_sequence_as(xs, [v[i] for v in flat_xs]) if xs is not None else None
        carry, y = f(carry, x)
        ys.append(y)
    if reverse:
        ys.reverse()
    if ys and ys[0] is not None and tree.flatten(ys[0]):
        flat = [tree.flatten(y) for y in ys]
        stacked = [torch.stack([_to_tensor(row[j]) for row in flat]) for j in range(len(flat[0]))]
        ys = tree.pack_sequence_as(ys[0], stacked)
    else:
        ys = None
    return carry, ys


def associative_scan(f, elems, reverse=False, axis=0):
    """Inclusive scan of an associative `f` along `axis` (`f(a, b)` combines prefixes elementwise)."""
    flat = [_to_tensor(x) for x in tree.flatten(elems)]
    n = flat[0].shape[axis]
    if reverse:
        flat = [torch.flip(x, (axis,)) for x in flat]
    outputs, running = [], None
    for i in range(n):
        current = tree.pack_sequence_as(elems, [x.select(axis, i).unsqueeze(axis) for x in flat])
        running = current if running is None else (f(current, running) if reverse else f(running, current))
        outputs.append(tree.flatten(running))
    result = [torch.cat([o[j] for o in outputs], dim=axis) for j in range(len(flat))]
    if reverse:
        result = [torch.flip(x, (axis,)) for x in result]
    return tree.pack_sequence_as(elems, result)


def map(f, xs):
    """`f` applied to each slice of `xs` along its leading axis, results stacked."""
    _, ys = scan(lambda carry, x: ((), f(x)), (), xs)
    return ys


def vectorized_map(function, elements):
    """`function` mapped over the leading axis of `elements` with `torch.vmap`."""
    return torch.vmap(function)(elements)


@op
def unstack(x, num=None, axis=0):
    """The slices of `x` along `axis`, as a list."""
    x = _to_tensor(x)
    if num is not None and num != x.shape[axis]:
        raise ValueError(f"`num` must equal the size of `axis`. Received: num={num}, x.shape={tuple(x.shape)}")
    return list(x.unbind(axis))


@op
def slice(inputs, start_indices, shape):
    """The block of `inputs` of size `shape` starting at `start_indices`."""
    inputs = _to_tensor(inputs)
    starts = [int(s) for s in (start_indices.tolist() if isinstance(start_indices, torch.Tensor) else start_indices)]
    index = tuple(builtins.slice(s, s + n) for s, n in zip(starts, shape))
    return inputs[index]


@op
def slice_update(inputs, start_indices, updates):
    """A copy of `inputs` with the block at `start_indices` replaced by `updates`."""
    inputs = _to_tensor(inputs)
    updates = _to_tensor(updates)
    starts = [int(s) for s in (start_indices.tolist() if isinstance(start_indices, torch.Tensor) else start_indices)]
    index = tuple(builtins.slice(s, s + n) for s, n in zip(starts, updates.shape))
    out = inputs.clone()
    out[index] = updates.to(out.dtype)
    return out


@op
def scatter(indices, values, shape):
    """A zero tensor of `shape` with `values` added at `indices` (duplicates accumulate)."""
    indices = _to_tensor(indices).long()
    values = _to_tensor(values)
    out = torch.zeros(tuple(shape), dtype=values.dtype, device=values.device)
    index = tuple(indices[..., i] for i in range(indices.shape[-1]))
    return out.index_put(index, values, accumulate=True)


@op
def scatter_update(inputs, indices, updates, reduction=None):
    """A copy of `inputs` with `updates` written at `indices` (`reduction`: None, "add", "max", "min", "mul")."""
    inputs = _to_tensor(inputs)
    indices = _to_tensor(indices).long()
    updates = _to_tensor(updates, inputs.dtype)
    index = tuple(indices[..., i] for i in range(indices.shape[-1]))
    if reduction is None:
        return inputs.index_put(index, updates)
    if reduction == "add":
        return inputs.index_put(index, updates, accumulate=True)
    reducers = {"max": "amax", "min": "amin", "mul": "prod"}
    if reduction not in reducers:
        raise ValueError(
            f"Invalid `reduction`. Expected one of None, 'add', 'max', 'min', 'mul'. Received: reduction={reduction}"
        )
    flat_shape = inputs.shape[: indices.shape[-1]]
    strides = torch.tensor([int(np.prod(flat_shape[i + 1:])) for i in range(len(flat_shape))], device=inputs.device)
    linear = (indices * strides).sum(-1)
    rest = inputs.shape[indices.shape[-1]:]
    flat_in = inputs.reshape((-1,) + tuple(rest))
    flat_up = updates.reshape((-1,) + tuple(rest))
    target = linear.reshape((-1,) + (1,) * len(rest)).expand_as(flat_up)
    return flat_in.scatter_reduce(0, target, flat_up, reducers[reduction], include_self=True).reshape(inputs.shape)


def custom_gradient(f):
    """Decorates `f(*args)` returning `(output, grad_fn)`, where `grad_fn(*upstream)` gives the input gradients."""

    def wrapper(*args, **kwargs):
        tensors = [i for i, a in enumerate(args) if isinstance(a, torch.Tensor)]

        class _Function(torch.autograd.Function):
            @staticmethod
            def forward(ctx, *inputs):
                call_args = list(args)
                for i, value in zip(tensors, inputs):
                    call_args[i] = value
                with torch.enable_grad():
                    output, grad_fn = f(*call_args, **kwargs)
                ctx.grad_fn = grad_fn
                return output.detach() if isinstance(output, torch.Tensor) else output

            @staticmethod
            def backward(ctx, *upstream):
                grads = ctx.grad_fn(*upstream)
                grads = grads if isinstance(grads, (list, tuple)) else (grads,)
                return tuple(grads)

        return _Function.apply(*[args[i] for i in tensors])

    return wrapper
