"""Functional model configs: `get_config()` as the dict Keras 3 writes, and the model rebuilt from it.

The config lists every layer (its own serialized config) with `inbound_nodes`: the calls that belong to this
model, each as the serialized `args` / `kwargs` of the call, where an input tensor is written as
`{"class_name": "__keras_tensor__", "config": {"shape", "dtype", "keras_history": [layer, node, tensor]}}`.
Node numbers count only the calls inside this model, so a layer shared with another model, or a nested model,
reads the same as in a model saved by real Keras. Rebuilding creates the layers, then replays the calls in
order until every tensor they need exists; the Keras 2 list format of `inbound_nodes` is read too.
"""

import copy
import inspect

from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.core.input_layer import InputLayer
from kerastorch.layers.layer import Layer
from kerastorch.saving import serialization_lib
from kerastorch.utils import tree


def _is_functional(operation):
    from kerastorch.models.functional import Functional

    return isinstance(operation, Functional)


def _has_functional_constructor(cls):
    """Whether `cls(inputs=..., outputs=..., name=...)` rebuilds it: its `__init__` is Functional's, or takes
    `*args, **kwargs`. Other subclasses carry their own config (Keras's rule)."""
    from kerastorch.models.functional import Functional

    spec = inspect.getfullargspec(cls.__init__)
    if spec.args[1:] == inspect.getfullargspec(Functional.__init__).args[1:]:
        return True
    return spec.varargs is not None and spec.varkw is not None


# ---------------------------------------------------------------------------------------------- writing
def functional_config(model):
    """The config of a Functional `model`, equal to what real Keras's `Functional.get_config()` returns."""
    if not _has_functional_constructor(type(model)):
        from kerastorch.models.functional import Functional

        return super(Functional, model).get_config()

    own_nodes = model._nodes
    # Each model-relevant call gets its number among this model's calls of that layer. Keras numbers a nested
    # Functional's calls from 1 here (its node 0 was once the model's own input-to-output node).
    node_numbers = {}
    for operation in model._operations:
        kept = 1 if _is_functional(operation) else 0
        for node in operation._inbound_nodes:
            if node in own_nodes:
                node_numbers[id(node)] = kept
                kept += 1

    layer_configs = []
    for operation in model._operations:
        inbound = [_serialize_node(node, own_nodes) for node in operation._inbound_nodes if node in own_nodes]
        entry = serialization_lib.serialize_keras_object(operation)
        entry["name"] = operation.name
        entry["inbound_nodes"] = [data for data in inbound if data is not None]
        layer_configs.append(entry)

    def tensor_ref(tensor):
        operation, node_index, tensor_index = tensor._keras_history
        node = operation._inbound_nodes[node_index]
        if id(node) not in node_numbers:
            raise ValueError(
                f"Tensor {tensor.name} of model '{model.name}' comes from a call of layer '{operation.name}' that "
                f"is not part of the model's graph. Received: keras_history={(operation.name, node_index, tensor_index)}"
            )
        return [operation.name, node_numbers[id(node)], tensor_index]

    config = {
        "name": model.name,
        "trainable": model.trainable,
        "layers": layer_configs,
        "input_layers": tree.map_structure(tensor_ref, model._inputs_struct),
        "output_layers": tree.map_structure(tensor_ref, model._outputs_struct),
    }
    return copy.deepcopy(config)


def _serialize_node(node, own_nodes):
    """`{"args", "kwargs"}` of one call, or None for a call without inputs (an InputLayer's)."""
    if not node.input_tensors:
        return None

    def serialize_tensor(x):
        if not isinstance(x, KerasTensor):
            return x
        operation, node_index, tensor_index = x._keras_history
        # Calls of the producing layer that belong to other models do not count.
        outside = sum(1 for earlier in operation._inbound_nodes[:node_index] if earlier not in own_nodes)
        return {
            "class_name": "__keras_tensor__",
            "config": {
                "shape": x.shape,
                "dtype": x.dtype,
                "keras_history": [operation.name, node_index - outside, tensor_index],
            },
        }

    args = tree.map_structure(serialize_tensor, node.call_args)
    kwargs = tree.map_structure(serialize_tensor, node.call_kwargs)
    return {
        "args": serialization_lib.serialize_keras_object(args),
        "kwargs": serialization_lib.serialize_keras_object(kwargs),
    }


# ---------------------------------------------------------------------------------------------- reading
class _NotCreatedYet(Exception):
    """A call needs a tensor from a call that has not been replayed yet; retry it on the next pass."""


def functional_from_config(cls, config, custom_objects=None):
    """Builds an instance of `cls` (Functional or a subclass) from the output of `functional_config`.

    Args:
        cls: The model class to instantiate.
        config: The config dict (from kerastorch or real Keras; Keras 2 `inbound_nodes` lists are accepted).
        custom_objects: Optional dict of custom classes and functions by name.
    """
    for key in ("layers", "input_layers", "output_layers"):
        if key not in config:
            raise ValueError(
                f"A Functional model config needs the keys 'layers', 'input_layers' and 'output_layers'; "
                f"'{key}' is missing. Received: config keys={sorted(config)}"
            )
    config = dict(config)
    layer_configs = config.pop("layers")
    input_layers, output_layers = config.pop("input_layers"), config.pop("output_layers")
    name, trainable = config.pop("name", None), config.pop("trainable", None)

    created, first_call, pending = {}, {}, {}
    for layer_data in layer_configs:
        layer = _deserialize_layer(layer_data, custom_objects)
        layer_name = layer_data.get("name") or layer_data["config"]["name"]
        created[layer_name] = layer
        # The config counts only the calls replayed here, which come after any node the layer arrived with;
        # an InputLayer's own node is the one the config refers to.
        first_call[layer_name] = 0 if isinstance(layer, InputLayer) else len(layer._inbound_nodes)
        pending[layer_name] = list(layer_data.get("inbound_nodes") or [])

    def output_of(layer_name, node_number, tensor_index, shifted):
        if layer_name not in created:
            raise ValueError(
                f"Invalid Functional model config: a call refers to layer '{layer_name}', which is not among the "
                f"config's layers {sorted(created)}. Received: reference={[layer_name, node_number, tensor_index]}"
            )
        layer = created[layer_name]
        index = first_call[layer_name] + node_number - (1 if shifted and _is_functional(layer) else 0)
        if index >= len(layer._inbound_nodes):
            raise _NotCreatedYet(layer_name)
        return layer._inbound_nodes[index].outputs[tensor_index]

    # Replay calls layer by layer, in config order; a call whose inputs do not exist yet (a layer shared at
    # different depths) waits for the next pass.
    while any(pending.values()):
        progress = False
        for layer_data in layer_configs:
            layer_name = layer_data.get("name") or layer_data["config"]["name"]
            calls = pending[layer_name]
            while calls:
                try:
                    args, kwargs = _call_arguments(calls[0], output_of)
                except _NotCreatedYet:
                    break
                created[layer_name](*args, **kwargs)
                calls.pop(0)
                progress = True
        if not progress:
            unresolved = {n: c for n, c in pending.items() if c}
            raise ValueError(
                "Invalid Functional model config: the graph has loops or disconnected calls, so these calls could "
                f"not be replayed. Received: unresolved inbound_nodes={unresolved}"
            )

    def tensors_from(structure):
        if isinstance(structure, (list, tuple)) and len(structure) == 3 and isinstance(structure[0], str):
            return output_of(structure[0], structure[1], structure[2], shifted=True)
        if isinstance(structure, dict):
            return {key: tensors_from(value) for key, value in structure.items()}
        if isinstance(structure, tuple):
            return tuple(tensors_from(value) for value in structure)
        return [tensors_from(value) for value in structure]

    try:
        inputs, outputs = tensors_from(input_layers), tensors_from(output_layers)
    except _NotCreatedYet as missing:
        raise ValueError(
            f"Invalid Functional model config: `input_layers` / `output_layers` refer to a call of layer "
            f"'{missing}' that no layer call creates. Received: input_layers={input_layers}, "
            f"output_layers={output_layers}"
        ) from None
    kwargs = dict(config)
    if trainable is not None:
        kwargs["trainable"] = trainable
    return cls(inputs=inputs, outputs=outputs, name=name, **kwargs)


def _deserialize_layer(layer_data, custom_objects):
    if "module" in layer_data:
        layer = serialization_lib.deserialize_keras_object(layer_data, custom_objects=custom_objects)
    else:
        layer = _deserialize_legacy_layer(layer_data, custom_objects)
    if not isinstance(layer, Layer):
        raise ValueError(
            "Unexpected object from deserialization: a Functional model config lists layers only. "
            f"Received: {layer!r} of type {type(layer).__name__} for {layer_data.get('name')!r}"
        )
    return layer


def _deserialize_legacy_layer(layer_data, custom_objects):
    """A Keras 2 layer entry (no "module"): the class is looked up by name among the public layers and models."""
    from kerastorch import layers as layers_module
    from kerastorch import models as models_module
    from kerastorch.saving import object_registration

    class_name = layer_data.get("class_name")
    cls = object_registration.get_registered_object(class_name, custom_objects)
    if cls is None:
        cls = getattr(layers_module, class_name, None) or getattr(models_module, class_name, None)
    if cls is None:
        raise ValueError(
            f"Unknown layer class '{class_name}' in a Keras 2 config. Pass it in `custom_objects`. "
            f"Received: class_name={class_name!r}"
        )
    with object_registration.CustomObjectScope(custom_objects or {}):
        if _accepts_custom_objects(cls.from_config):
            return cls.from_config(layer_data["config"], custom_objects=custom_objects)
        return cls.from_config(layer_data["config"])


def _accepts_custom_objects(method):
    return "custom_objects" in inspect.signature(method).parameters


def _call_arguments(node_data, output_of):
    """`(args, kwargs)` for replaying one call, with tensor references resolved to the rebuilt tensors."""
    if not node_data:
        return [], {}
    if isinstance(node_data, list):  # Keras 2: [[layer_name, node_index, tensor_index(, kwargs)], ...]
        tensors, kwargs = [], {}
        for entry in node_data:
            if len(entry) not in (3, 4):
                raise ValueError(
                    "A Keras 2 inbound node entry is [layer_name, node_index, tensor_index] or "
                    f"[layer_name, node_index, tensor_index, kwargs]. Received: {entry!r}"
                )
            tensors.append(output_of(entry[0], entry[1], entry[2], shifted=True))
            if len(entry) == 4:
                kwargs = _resolve(entry[3], output_of)
        return [tensors[0] if len(tensors) == 1 else tensors], kwargs
    return list(_resolve(node_data["args"], output_of)), _resolve(node_data["kwargs"], output_of)


def _resolve(data, output_of):
    if isinstance(data, dict):
        if data.get("class_name") == "__keras_tensor__":
            history = data["config"].get("keras_history")
            if not history:
                raise ValueError(f"A serialized KerasTensor without keras_history cannot be replayed. Received: {data}")
            return output_of(history[0], history[1], history[2], shifted=False)
        if "class_name" in data and "config" in data:
            return serialization_lib.deserialize_keras_object(data)
        return {key: _resolve(value, output_of) for key, value in data.items()}
    if isinstance(data, tuple):
        return tuple(_resolve(x, output_of) for x in data)
    if isinstance(data, list):
        return [_resolve(x, output_of) for x in data]
    return data
