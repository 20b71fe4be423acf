"""Shape inference: run a function on fake tensors (no data, no compute) to learn its outputs' shapes.

Unknown sizes (None) are filled with a placeholder and the function is run twice with two different
placeholders: an output size that changes between the runs depends on an unknown input size and is None.
This is how real Keras on torch infers shapes, done with torch's FakeTensorMode so that layers with
CUDA weights work too.
"""

import contextlib

import torch
from torch._subclasses.fake_tensor import FakeTensor
from torch._subclasses.fake_tensor import FakeTensorMode
from torch._subclasses.fake_tensor import unset_fake_temporarily

from kerastorch.backend import device as device_lib
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.utils import tree

_PLACEHOLDERS = (83, 89)


def in_fake_mode():
    return torch._C._get_dispatch_mode(torch._C._TorchDispatchModeKey.FAKE) is not None


@contextlib.contextmanager
def real_tensors():
    """Creates real tensors inside a fake run: weights built lazily during shape inference must be real."""
    if in_fake_mode():
        with unset_fake_temporarily():
            yield
    else:
        yield


def _fake_like(mode, spec, fill):
    shape = tuple(fill if d is None else d for d in spec.shape)
    with unset_fake_temporarily():
        real = torch.empty(shape, dtype=to_torch_dtype(spec.dtype), device="meta")
    fake = mode.from_tensor(real)
    # Inputs live where the weights do, so device checks inside the layer see the real device.
    fake = fake.to(device_lib.get_device()) if device_lib.get_device().type != "meta" else fake
    return fake


def _run_once(fn, args, kwargs, fill):
    mode = FakeTensorMode(allow_non_fake_inputs=True)

    def to_fake(x):
        if not isinstance(x, KerasTensor):
            return x
        fake = _fake_like(mode, x, fill)
        if x._keras_mask is not None:
            fake._keras_mask = _fake_like(mode, x._keras_mask, fill)
        return fake

    from kerastorch.layers.call_context import call_context

    outer = call_context.fake
    call_context.fake = True
    try:
        with mode:
            fake_args = tree.map_structure(to_fake, args)
            fake_kwargs = tree.map_structure(to_fake, kwargs)
            return fn(*fake_args, **fake_kwargs)
    finally:
        call_context.fake = outer


def _has_unknown(args, kwargs):
    return any(isinstance(x, KerasTensor) and None in x.shape for x in tree.flatten((args, kwargs)))


def compute_output_spec(fn, *args, **kwargs):
    """KerasTensors describing what `fn(*args, **kwargs)` returns, where args may contain KerasTensors."""
    first = _run_once(fn, args, kwargs, _PLACEHOLDERS[0])
    second = _run_once(fn, args, kwargs, _PLACEHOLDERS[1]) if _has_unknown(args, kwargs) else first
    flat_first, flat_second = tree.flatten(first), tree.flatten(second)

    def to_spec(a, b):
        if not isinstance(a, torch.Tensor):
            return a
        shape = tuple(da if da == db else None for da, db in zip(a.shape, b.shape))
        spec = KerasTensor(shape, dtype=a.dtype)
        mask_a, mask_b = getattr(a, "_keras_mask", None), getattr(b, "_keras_mask", None)
        if mask_a is not None and mask_b is not None:
            spec._keras_mask = to_spec(mask_a, mask_b)
        return spec

    return tree.pack_sequence_as(first, [to_spec(a, b) for a, b in zip(flat_first, flat_second)])


@contextlib.contextmanager
def fake_parameters(module):
    """Within a fake run, shows `module`'s own parameters to its code as fake tensors of the same shape.

    Some torch versions refuse real tensors of Parameter subclasses (our Variables) inside FakeTensorMode;
    a fake stand-in works on all of them and never touches the real weights.
    """
    mode = torch._C._get_dispatch_mode(torch._C._TorchDispatchModeKey.FAKE)
    params = module._parameters
    real = {k: v for k, v in params.items() if v is not None and not isinstance(v, FakeTensor)}
    if mode is None or not real:
        yield
        return
    with unset_fake_temporarily():
        plain = {k: v.detach() for k, v in real.items()}
    for key, value in plain.items():
        params[key] = mode.from_tensor(value)
    try:
        yield
    finally:
        params.update(real)


def is_fake(x):
    return isinstance(x, FakeTensor)
