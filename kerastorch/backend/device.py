"""Where weights and data live: one default device, CUDA when available, else CPU.

The default is overridable by the `device` key of keras.json, the KERASTORCH_DEVICE environment variable
and `set_device()`, in increasing precedence. Models moved with `.to(device)` keep working: the trainer
places data on the device of the model's weights, not on this default.
"""

import contextlib

import torch

from kerastorch.backend import config

_scope_stack = []


def get_device():
    """The torch.device new weights and tensors are created on."""
    if _scope_stack:
        return _scope_stack[-1]
    name = config._state["device"]
    if name is None:
        name = "cuda" if torch.cuda.is_available() else "cpu"
    return torch.device(name)


def set_device(device):
    """Sets the default device (a string such as "cpu", "cuda" or "cuda:1", or a torch.device)."""
    try:
        resolved = torch.device(device)
    except (RuntimeError, TypeError) as error:
        raise ValueError(f"Unknown device. Expected a torch device string such as 'cpu' or 'cuda:0'. Received: device={device!r}") from error
    if resolved.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"CUDA is not available on this machine. Received: device={device!r}")
    config._state["device"] = str(resolved)


@contextlib.contextmanager
def device_scope(device):
    """Creates weights and tensors on `device` inside the `with` block."""
    _scope_stack.append(torch.device(device))
    try:
        yield
    finally:
        _scope_stack.pop()


def to_device(x, device, non_blocking=None):
    """Moves a tensor to `device`; from CPU to CUDA through pinned memory without blocking the host."""
    if x.device == device:
        return x
    if device.type == "cuda" and x.device.type == "cpu":
        if non_blocking is None:
            non_blocking = True
        if non_blocking and not x.is_pinned():
            x = x.pin_memory()
    return x.to(device, non_blocking=bool(non_blocking))


@contextlib.contextmanager
def device(device_name):
    """`keras.device`: creates weights and tensors on `device_name` inside the `with` block.

    Args:
        device_name: A device string in Keras's spelling ("cpu", "gpu", "gpu:1") or torch's ("cuda:1"), or a
            torch.device.

    Example:

    >>> with keras.device("cpu"):
    ...     layer = keras.layers.Dense(2)
    ...     layer.build((None, 3))  # the kernel is on the CPU
    """
    if isinstance(device_name, str):
        device_name = device_name.lower().replace("gpu", "cuda")
    elif not isinstance(device_name, torch.device):
        raise ValueError(
            "Invalid value for argument `device_name`. Expected a string like 'gpu:0' or 'cpu'. "
            f"Received: device_name={device_name!r}"
        )
    try:
        resolved = torch.device(device_name)
    except RuntimeError as error:
        raise ValueError(f"Unknown device. Expected a device string such as 'cpu' or 'gpu:0'. "
                         f"Received: device_name={device_name!r}") from error
    with device_scope(resolved):
        yield resolved
