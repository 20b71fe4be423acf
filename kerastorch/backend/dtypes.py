"""Dtype names: Keras speaks strings ("float32"), torch speaks torch.dtype. One table converts both ways."""

import numpy as np
import torch

from kerastorch.backend import config

_TORCH_BY_NAME = {
    "bool": torch.bool,
    "uint8": torch.uint8,
    "uint16": torch.uint16,
    "uint32": torch.uint32,
    "uint64": torch.uint64,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "bfloat16": torch.bfloat16,
    "float16": torch.float16,
    "float32": torch.float32,
    "float64": torch.float64,
    "complex64": torch.complex64,
    "complex128": torch.complex128,
}
_NAME_BY_TORCH = {v: k for k, v in _TORCH_BY_NAME.items()}
_ALIASES = {"float": "float32", "double": "float64", "half": "float16", "int": "int64", "long": "int64"}


def standardize_dtype(dtype):
    """Returns the Keras string name of `dtype` (None means floatx); accepts strings, torch and numpy dtypes."""
    if dtype is None:
        return config.floatx()
    if isinstance(dtype, torch.dtype):
        name = _NAME_BY_TORCH.get(dtype)
    elif isinstance(dtype, str):
        name = _ALIASES.get(dtype, dtype)
    elif hasattr(dtype, "name") and isinstance(getattr(dtype, "name"), str):
        name = dtype.name  # numpy dtypes and scalar types, DTypePolicy-like objects
    else:
        try:
            name = np.dtype(dtype).name
        except TypeError:
            name = None
    if name in ("string", "str", "object") or (name is not None and name.startswith(("str", "<U", "bytes"))):
        return "string"  # host-side text (numpy arrays of str); no torch dtype holds it
    if name is None or name not in _TORCH_BY_NAME:
        raise ValueError(f"Unknown dtype. Expected one of {sorted(_TORCH_BY_NAME)}. Received: dtype={dtype!r}")
    return name


def to_torch_dtype(dtype):
    """Returns the torch.dtype for any spelling that `standardize_dtype` accepts."""
    if isinstance(dtype, torch.dtype):
        return dtype
    found = _TORCH_BY_NAME.get(dtype) if isinstance(dtype, str) else None
    if found is not None:  # the common case, a Keras name: this runs several times per training step
        return found
    name = standardize_dtype(dtype)
    if name == "string":
        raise ValueError(
            "Strings have no torch dtype: string data stays in NumPy arrays and is turned into numbers by a "
            f"preprocessing layer (StringLookup, TextVectorization). Received: dtype={dtype!r}"
        )
    return _TORCH_BY_NAME[name]


def is_float_dtype(dtype):
    return standardize_dtype(dtype) in ("bfloat16", "float16", "float32", "float64")


def is_int_dtype(dtype):
    return "int" in standardize_dtype(dtype)
