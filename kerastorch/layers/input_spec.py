"""`InputSpec`: what a layer accepts (rank, dtype, fixed axes), checked on every call with a clear error."""

from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.utils import tree


class InputSpec:
    """Constraints on one input of a layer.

    Args:
        dtype: Expected dtype name, or None.
        shape: Expected full shape (None entries match anything), or None.
        ndim: Expected rank, or None.
        max_ndim, min_ndim: Bounds on the rank.
        axes: `{axis: size}` for axes whose size is fixed (e.g. the last axis of a built Dense).
        allow_last_axis_squeeze: Accept an extra or missing trailing axis of size 1.
        name: The input's name, for dict inputs.
        optional: Whether None may be passed for it.
    """

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None, axes=None,
                 allow_last_axis_squeeze=False, name=None, optional=False):
        self.dtype = standardize_dtype(dtype) if dtype is not None else None
        self.shape = tuple(shape) if shape is not None else None
        self.ndim = len(shape) if shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.name = name
        self.optional = optional
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.axes = {int(k): v for k, v in (axes or {}).items()}
        if self.axes and self.ndim is not None:
            too_big = [k for k in self.axes if k >= self.ndim or k < -self.ndim]
            if too_big:
                raise ValueError(f"Axis {too_big[0]} is greater than the dimensionality {self.ndim}. Received: axes={axes}")

    def __repr__(self):
        fields = ("dtype", "shape", "ndim", "max_ndim", "min_ndim", "axes")
        parts = [f"{f}={getattr(self, f)}" for f in fields if getattr(self, f)]
        return f"InputSpec({', '.join(parts)})"

    def get_config(self):
        return {"dtype": self.dtype, "shape": self.shape, "ndim": self.ndim, "max_ndim": self.max_ndim,
                "min_ndim": self.min_ndim, "axes": self.axes}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def assert_input_compatibility(input_spec, inputs, layer_name):
    """Raises a ValueError naming the layer, the expectation and the received shape when `inputs` break
    `input_spec` (an InputSpec, a list of them, or None)."""
    if not input_spec:
        return
    if isinstance(input_spec, InputSpec) and hasattr(inputs, "shape") and not isinstance(inputs, (list, tuple, dict)):
        _check_one(input_spec, tuple(inputs.shape), inputs.dtype, 0, layer_name)
        return
    specs = tree.flatten(input_spec)
    if isinstance(inputs, dict) and all(spec.name for spec in specs):
        missing = [spec.name for spec in specs if spec.name not in inputs]
        if missing:
            raise ValueError(
                f'Missing data for input "{missing[0]}" of layer "{layer_name}". Expected the keys '
                f"{[s.name for s in specs]}. Received: keys={list(inputs)}"
            )
        inputs = [inputs[spec.name] for spec in specs]
    flat = tree.flatten(inputs)
    if len(flat) != len(specs):
        raise ValueError(
            f'Layer "{layer_name}" expects {len(specs)} input(s), but it received {len(flat)} input tensors.'
        )
    for index, (x, spec) in enumerate(zip(flat, specs)):
        if spec is None or (x is None and spec.optional):
            continue
        if not hasattr(x, "shape"):
            raise ValueError(f"Inputs to layer '{layer_name}' should be tensors. Received: {x!r} (of type {type(x)})")
        _check_one(spec, tuple(x.shape), x.dtype, index, layer_name)


def _check_one(spec, shape, dtype, index, layer_name):
    ndim = len(shape)
    where = f"Input {index} of layer '{layer_name}' is incompatible with the layer:"
    if spec.ndim is not None and not spec.allow_last_axis_squeeze and ndim != spec.ndim:
        raise ValueError(f"{where} expected ndim={spec.ndim}, found ndim={ndim}. Full shape received: {shape}")
    if spec.max_ndim is not None and ndim > spec.max_ndim:
        raise ValueError(f"{where} expected max_ndim={spec.max_ndim}, found ndim={ndim}. Full shape received: {shape}")
    if spec.min_ndim is not None and ndim < spec.min_ndim:
        raise ValueError(f"{where} expected min_ndim={spec.min_ndim}, found ndim={ndim}. Full shape received: {shape}")
    if spec.dtype is not None and standardize_dtype(dtype) != spec.dtype:
        raise ValueError(f"{where} expected dtype={spec.dtype}, found dtype={standardize_dtype(dtype)}")
    for axis, value in spec.axes.items():
        if value is not None and -ndim <= axis < ndim and shape[axis] not in (value, None):
            raise ValueError(
                f"{where} expected axis {axis} of input shape to have value {value}, "
                f"but received input with shape {shape}"
            )
    if spec.shape is not None:
        expected, received = spec.shape, shape
        if spec.allow_last_axis_squeeze:
            received = received[:-1] if received and received[-1] == 1 else received
            expected = expected[:-1] if expected and expected[-1] == 1 else expected
        if len(expected) != len(received) or any(
            e is not None and r is not None and e != r for e, r in zip(expected, received)
        ):
            raise ValueError(f"{where} expected shape={spec.shape}, found shape={shape}")
