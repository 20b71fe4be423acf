"""The tree of saveable objects inside a model, walked in the order and under the paths Keras 3 uses.

Keras 3 stores each layer's and optimizer's own variables in a group named after the attribute path that
first reaches it (`layers/dense/vars/0`, `cell/vars/1`, `optimizer/vars/0`), not after its name. The walk
visits, for a Sequential or Functional model, its `layers` first; then every attribute of the object in
`dir()` order with public names before private ones, skipping what a bare `Layer` (or `Optimizer`) already
has. An attribute holding a layer or optimizer is entered under the attribute's name; an attribute holding a
list, tuple or dict is a container whose items are named after their class in snake case (`dense`,
`dense_1`, ...). Each object is visited once, at the first path that reaches it.

kerastorch's layers use Keras's attribute names, so the same walk over them yields the same paths and real
Keras reads the files. What a group holds: the layer's own variables, trainable then non-trainable, in
creation order (not `layer.weights` order, which appends the sub-layers' weights), or whatever the layer's
own `save_own_variables` writes; for an optimizer, its `variables`.
"""

import functools

import numpy as np
import torch

from kerastorch.utils import naming

# kerastorch bookkeeping that holds layers already reachable through `layers` (or none at all).
_MODEL_INTERNALS = {"_stack", "_functional", "_operations", "operations", "_nodes", "_nodes_by_depth", "_steps",
                    "_inputs", "_outputs", "_inputs_struct", "_outputs_struct"}


def _layer_class():
    from kerastorch.layers.layer import Layer

    return Layer


def _optimizer_class():
    from kerastorch.optimizers.optimizer import Optimizer

    return Optimizer


def is_saveable(obj):
    """Whether `obj` owns a group in a weights file (a layer, a model or an optimizer)."""
    return isinstance(obj, (_layer_class(), _optimizer_class()))


def _is_container(obj):
    return isinstance(obj, (list, tuple, dict, torch.nn.ModuleList, torch.nn.ModuleDict)) or (
        isinstance(obj, torch.nn.Sequential) and not is_saveable(obj)
    )


@functools.lru_cache(maxsize=None)
def _skipset(kind):
    """The attribute names the walk ignores: those a bare instance of the base class already has."""
    if kind == "optimizer":
        probe = _optimizer_class()(1.0, name="skipset_probe")
        return frozenset(set(dir(probe)) - {"variables"})
    probe = _layer_class()(name="skipset_probe")
    names = set(dir(probe)) | {"_self_unconditional_dependency_names"}
    if kind == "graph_model":
        names |= _MODEL_INTERNALS
    return frozenset(names)


def _sort_key(name):
    # Keras visits private attributes last.
    return f"~{name}" if name.startswith("_") else name


def _is_graph_model(obj):
    from kerastorch.models.functional import Functional
    from kerastorch.models.sequential import Sequential

    return isinstance(obj, (Functional, Sequential))


def _children(obj):
    """(attribute name, value) pairs of `obj` in Keras's walk order."""
    if is_saveable(obj) and isinstance(obj, _optimizer_class()):
        skip = _skipset("optimizer")
    elif _is_graph_model(obj):
        skip = _skipset("graph_model")
        yield "layers", list(obj.layers)
        # The layer registry of a Sequential / Functional model is not a set of attributes in Keras.
        registered = {key for key, module in obj._modules.items() if key == module_key(module)}
        skip = skip | registered
    else:
        skip = _skipset("layer")
    for name in sorted(dir(obj), key=_sort_key):
        if name.startswith("__") or name in skip:
            continue
        try:
            value = getattr(obj, name)
        except Exception:  # noqa: BLE001 - as Keras: an attribute that cannot be read holds nothing to save
            continue
        yield name, value


def module_key(layer):
    name = getattr(layer, "name", None)
    return name.replace(".", "_") if isinstance(name, str) else None


def walk(root, with_names=False):
    """Yields `(path, obj)` for every saveable under `root` (itself first, at path `""`), in Keras's order.

    With `with_names`, yields `(path, obj, names)` where `names` are the object names from `root` down
    (`("inner", "dense_2")`), from which weight files key variables by Keras weight path.
    """
    visited = set()
    for path, obj, names in _walk(root, "", (), visited):
        yield (path, obj, names) if with_names else (path, obj)


def _join(path, name):
    return f"{path}/{name}" if path else name


def _walk(obj, path, names, visited):
    if id(obj) in visited:
        return
    visited.add(id(obj))
    yield path, obj, names
    for name, child in _children(obj):
        if is_saveable(child):
            yield from _walk(child, _join(path, name), names + (_object_name(child, name),), visited)
        elif _is_container(child):
            yield from _walk_container(child, _join(path, name), names, visited, set())


def _object_name(obj, fallback):
    name = getattr(obj, "name", None)
    return name if isinstance(name, str) and name else fallback


def _walk_container(container, path, names, visited, seen_containers):
    if id(container) in seen_containers:
        return
    seen_containers.add(id(container))
    used = {}
    items = container.values() if isinstance(container, (dict, torch.nn.ModuleDict)) else container
    for item in list(items):
        if is_saveable(item):
            key = _unique(naming.to_snake_case(type(item).__name__), used)
            yield from _walk(item, _join(path, key), names + (_object_name(item, key),), visited)
        elif _is_container(item):
            yield from _walk_container(item, _join(path, _unique("container", used)), names, visited,
                                       seen_containers)


def _unique(name, used):
    if name in used:
        used[name] += 1
        return f"{name}_{used[name]}"
    used[name] = 0
    return name


# ---------------------------------------------------------------------------------------------- own variables
def own_variables(obj):
    """The variables whose values `obj`'s group holds, in Keras's order."""
    if isinstance(obj, _optimizer_class()):
        return list(obj.variables)
    wrapped = _wrapped_torch_module(obj)
    if wrapped is not None:
        return list(wrapped.state_dict(keep_vars=True).values())
    return list(obj._trainable_variables) + list(obj._non_trainable_variables)


def _wrapped_torch_module(obj):
    from kerastorch.layers.core.torch_module_wrapper import TorchModuleWrapper

    return obj.module if isinstance(obj, TorchModuleWrapper) else None


def has_custom_store(obj):
    """Whether the layer writes its group itself (a Keras-style `save_own_variables` / `load_own_variables`)."""
    return not isinstance(obj, _optimizer_class()) and callable(getattr(obj, "save_own_variables", None))


def save_own(obj):
    """The group's contents for `obj`: a dict of NumPy arrays keyed `"0"`, `"1"`, ... (or state_dict keys)."""
    if has_custom_store(obj):
        store = {}
        obj.save_own_variables(store)
        return {key: to_numpy(value) for key, value in store.items()}
    wrapped = _wrapped_torch_module(obj)
    if wrapped is not None:
        return {key: to_numpy(value) for key, value in wrapped.state_dict().items()}
    return {str(i): to_numpy(v) for i, v in enumerate(own_variables(obj))}


def to_numpy(value):
    if isinstance(value, torch.Tensor):
        value = value.detach()
        if value.dtype == torch.bfloat16:
            return value.float().cpu().numpy()
        return value.cpu().numpy()
    return np.asarray(value)


def describe(obj):
    """`"layer 'dense' (Dense)"` for error messages."""
    kind = "optimizer" if isinstance(obj, _optimizer_class()) else "layer"
    return f"{kind} '{getattr(obj, 'name', '?')}' ({type(obj).__name__})"
