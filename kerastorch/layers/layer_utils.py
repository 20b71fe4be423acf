"""Helpers shared by `layer.py` (the call protocol) and `symbolic_call.py` (shape inference and graph
nodes): argument shapes, masks, devices, weight paths and the name scope weights are created in."""

import functools
import inspect

import numpy as np
import torch

from kerastorch.backend import device as device_lib
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.backend.variable import Variable
from kerastorch.utils import tree

def specs_from_shapes(shape, dtype):
    """KerasTensors for a shape, a list of shapes or a dict of shapes."""
    if isinstance(shape, dict):
        return {key: specs_from_shapes(value, dtype) for key, value in shape.items()}
    if all(size is None or isinstance(size, int) for size in shape):
        return KerasTensor(tuple(shape), dtype=dtype)
    return [specs_from_shapes(s, dtype) for s in shape]


def capture_init_arguments(cls, args, kwargs):
    from kerastorch.saving.serialization_lib import serialize_keras_object  # noqa: PLC0415 - import cycle

    try:
        parameters = inspect.signature(cls.__init__).parameters
        bound = inspect.signature(cls.__init__).bind(None, *args, **kwargs)
    except (TypeError, ValueError):
        return None
    arguments = dict(bound.arguments)
    arguments.pop(next(iter(parameters)), None)
    for name, parameter in parameters.items():
        if parameter.kind == parameter.VAR_KEYWORD:
            arguments.update(arguments.pop(name, {}))
        elif parameter.kind == parameter.VAR_POSITIONAL and arguments.pop(name, ()):
            return None
    # As Keras: only plain values qualify, so an automatic config never hides an unserializable object.
    if not all(isinstance(v, (str, int, float, bool, type(None))) for v in tree.flatten(arguments)):
        return None
    return serialize_keras_object(arguments)


SLOW_PATH = object()
# Names of the layers whose build (or first call) is in progress, and of the `keras.name_scope` blocks entered,
# outermost first: weight paths start with them.
name_scope = []


class UserScope(str):
    """A `keras.name_scope` entry of `name_scope`: a layer of the same name inside it still adds its own."""

    caller = None


def is_layer_scope(entry, name):
    """Whether `entry` is the scope of a layer called `name` (a user scope of that name is not)."""
    return entry == name and not isinstance(entry, UserScope)


def push_scope(name):
    """Enters `name`'s scope unless it is the innermost already; returns whether it entered."""
    if name_scope and is_layer_scope(name_scope[-1], name):
        return False
    name_scope.append(name)
    return True


def in_name_scope(build):
    @functools.wraps(build)
    def build_in_scope(self, *args, **kwargs):
        pushed = push_scope(self.name)
        try:
            return build(self, *args, **kwargs)
        finally:
            if pushed:
                name_scope.pop()

    return build_in_scope

# Set once any layer uses a mixed policy: from then on every call checks the autocast scope.
mixed_precision_seen = [False]
TORCH_GLOBAL_HOOKS = (
    torch.nn.modules.module._global_forward_hooks,
    torch.nn.modules.module._global_forward_pre_hooks,
    torch.nn.modules.module._global_backward_hooks,
    torch.nn.modules.module._global_backward_pre_hooks,
)


def has_hooks(module):
    return bool(
        module._forward_hooks or module._forward_pre_hooks or module._backward_hooks
        or module._backward_pre_hooks or any(TORCH_GLOBAL_HOOKS)
    )


def mask_of(x):
    """The mask attached to `x`, or to the tensors of a list input (None when none has one)."""
    if isinstance(x, (list, tuple)):
        masks = [getattr(t, "_keras_mask", None) for t in x]
        return masks if any(m is not None for m in masks) else None
    return getattr(x, "_keras_mask", None)


def unpack_containers(module):
    found = []
    children = module.values() if isinstance(module, torch.nn.ModuleDict) else list(module)
    for child in children:
        if isinstance(child, (torch.nn.ModuleList, torch.nn.ModuleDict)):
            found.extend(unpack_containers(child))
        else:
            found.append(child)
    return found


def torch_module_weights(module):
    """A plain torch module's parameters (as Keras's TorchModuleWrapper lists them)."""
    return list(module.parameters())


def is_trainable(variable):
    if isinstance(variable, Variable):
        return variable.trainable
    return isinstance(variable, torch.nn.Parameter) and variable.requires_grad


def variable_path(variable):
    return getattr(variable, "path", None) or "?"


def layer_device(layer):
    for variable in layer.parameters():
        return variable.device
    return device_lib.get_device()


def shape_of(x):
    if isinstance(x, (torch.Tensor, KerasTensor)):
        return tuple(x.shape)
    if isinstance(x, np.ndarray):
        return tuple(x.shape)
    return None


def shapes_dict(signature, args, kwargs):
    """`{"<arg>_shape": shape}` for every tensor argument (nested structures keep their structure)."""
    shapes = {}
    names = signature.positional_names
    for index, arg in enumerate(args):
        name = names[index] if index < len(names) else f"arg_{index}"
        if name in ("mask", "training"):
            continue
        shape = structure_shapes(arg)
        if shape is not None:
            shapes[f"{name}_shape"] = shape
    for name, arg in kwargs.items():
        if name in ("mask", "training") or name.endswith("_mask"):
            continue
        shape = structure_shapes(arg)
        if shape is not None:
            shapes[f"{name}_shape"] = shape
    return shapes


def structure_shapes(arg):
    if tree.is_nested(arg):
        leaves = tree.flatten(arg)
        if not leaves or all(shape_of(x) is None for x in leaves):
            return None
        return tree.map_structure(shape_of, arg)
    return shape_of(arg)

