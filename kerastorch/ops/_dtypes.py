"""Keras's dtype promotion (`keras.backend.result_type`), for the ops where it differs from torch's.

Keras promotes on a JAX-like lattice: Python `int` and `float` are "weak" types that adopt the other
operand's precision; a mix of ints and floats gives a float; 64-bit results are narrowed to 32 bits
(torch-backend Keras keeps int32 / float32 unless a 64-bit tensor is involved directly in a torch op).
"""

import functools

import torch

from kerastorch.backend import config
from kerastorch.backend.dtypes import standardize_dtype

# Each dtype's immediate successors on the promotion lattice ("int" / "float": weak Python scalars).
_LATTICE = {
    "bool": ("int",),
    "int": ("uint8", "int8", "complex64"),
    "uint8": ("int16", "uint16"),
    "uint16": ("int32", "uint32"),
    "uint32": ("int64", "uint64"),
    "uint64": ("float",),
    "int8": ("int16",),
    "int16": ("int32",),
    "int32": ("int64",),
    "int64": ("float",),
    "float": ("bfloat16", "float16"),
    "bfloat16": ("float32",),
    "float16": ("float32",),
    "float32": ("float64", "complex64"),
    "float64": ("complex128",),
    "complex64": ("complex128",),
    "complex128": (),
}
_NARROW = {"int64": "int32", "uint64": "uint32", "float64": "float32", "complex128": "complex64"}


def _upper_bounds():
    bounds = {}
    for node in _LATTICE:
        seen, frontier = {node}, [node]
        while frontier:
            for successor in _LATTICE[frontier.pop()]:
                if successor not in seen:
                    seen.add(successor)
                    frontier.append(successor)
        bounds[node] = seen
    return bounds


_BOUNDS = _upper_bounds()


@functools.lru_cache(512)
def _least_upper_bound(nodes):
    common = set.intersection(*(_BOUNDS[n] for n in nodes))
    least = (common & set(nodes)) or {c for c in common if common <= _BOUNDS[c]}
    if len(least) != 1:
        raise ValueError(
            f"Input dtypes {tuple(nodes)} have no available implicit dtype promotion path. Try explicitly casting "
            f"inputs to the desired output type. Received: dtypes={tuple(nodes)}"
        )
    return least.pop()


def _name_and_weak(value):
    if value is int or value is float:
        return ("int32" if value is int else "float32"), True
    if value is bool:
        return "bool", False
    if value is complex:
        return "complex64", False
    return standardize_dtype(value), False


def _weak(name):
    if name == "bool":
        return name
    for kind in ("complex", "float", "int"):
        if kind in name:
            return kind
    return name


def result_type(*dtypes):
    """The dtype name Keras gives an op on these dtypes (`int` / `float` for Python scalars; None is floatx)."""
    if not dtypes:
        return config.floatx()
    pairs = [_name_and_weak(config.floatx() if d is None else d) for d in dtypes]
    names = [p[0] for p in pairs]
    weak = [p[1] for p in pairs]
    if len(pairs) == 1:
        out, out_weak = names[0], weak[0]
    elif len(set(names)) == 1 and not all(weak):
        out, out_weak = names[0], False
    elif all(weak):
        out, out_weak = _least_upper_bound(tuple(sorted(set(names)))), True
    else:
        out = _least_upper_bound(tuple(sorted({_weak(n) if w else n for n, w in zip(names, weak)})))
        out_weak = out in ("int", "float")
    if out_weak and out != "bool":
        precision = config.floatx()[-2:]
        kind = "float" if out == "bfloat16" or out[0] in "fc" else ("uint" if out[0] == "u" else "int")
        out = f"{kind}{precision}"
    return _NARROW.get(out, out)


def dtype_of(x):
    """The Keras dtype name of a tensor, or the Python type of a scalar (a weak type for `result_type`)."""
    if isinstance(x, torch.Tensor):
        return standardize_dtype(x.dtype)
    if isinstance(x, (bool, int, float, complex)):
        return type(x)
    return standardize_dtype(getattr(x, "dtype", None) or type(x))
