"""`clone_model`: a new model with the same architecture and new layers (fresh weights), as Keras clones."""

from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.core.input_layer import Input
from kerastorch.layers.core.input_layer import InputLayer
from kerastorch.models.functional import Functional
from kerastorch.models.sequential import Sequential
from kerastorch.utils import tree


def _clone_layer(layer):
    return layer.__class__.from_config(layer.get_config())


def clone_model(model, input_tensors=None, clone_function=None, call_function=None, recursive=False, **kwargs):
    """Clones a Sequential or Functional model: every layer is recreated from its config, so the clone has new,
    freshly initialized weights (copy them with `set_weights` to share values).

    Args:
        model: The model to clone.
        input_tensors: Optional `keras.Input` tensors for the clone (Functional models).
        clone_function: Maps each layer to its clone; default `layer.__class__.from_config(layer.get_config())`.
        call_function: `fn(layer, *args, **kwargs)` that calls a cloned layer while the graph is rebuilt.
        recursive: Also clone nested Sequential / Functional models layer by layer.
    """
    if kwargs:
        raise ValueError(f"Unrecognized arguments for clone_model: {sorted(kwargs)}")
    clone_function = clone_function or _clone_layer

    def clone(layer):
        if recursive and isinstance(layer, (Sequential, Functional)):
            return clone_model(layer, clone_function=clone_function, call_function=call_function, recursive=True)
        return clone_function(layer)

    if isinstance(model, Sequential):
        return _clone_sequential(model, input_tensors, clone)
    if isinstance(model, Functional):
        return _clone_functional(model, input_tensors, clone, call_function)
    raise ValueError(
        "clone_model() clones Sequential and Functional models; a subclassed model is cloned with "
        f"`model.__class__.from_config(model.get_config())`. Received: model of type {type(model).__name__}"
    )


def _clone_sequential(model, input_tensors, clone):
    layers = [clone(layer) for layer in model.layers]
    if input_tensors is not None:
        first = tree.flatten(input_tensors)[0]
        return Sequential([first._keras_history.operation, *layers], name=model.name, trainable=model.trainable)
    stack = model._layers
    if stack and isinstance(stack[0], InputLayer):
        source = stack[0]
        layers = [InputLayer(batch_shape=source.batch_shape, dtype=source.dtype, name=source.name), *layers]
    return Sequential(layers, name=model.name, trainable=model.trainable)


def _clone_functional(model, input_tensors, clone, call_function):
    if input_tensors is None:
        input_tensors = tree.map_structure(
            lambda x: Input(batch_shape=x.shape, dtype=x.dtype, name=x.name), model._inputs_struct
        )
    new_inputs = tree.flatten(input_tensors)
    if len(new_inputs) != len(model.inputs):
        raise ValueError(
            f"clone_model() needs one input tensor per model input ({len(model.inputs)}). "
            f"Received: {len(new_inputs)} input tensors"
        )
    values = {id(old): new for old, new in zip(model.inputs, new_inputs)}
    clones = {}
    call = call_function or (lambda layer, *args, **kw: layer(*args, **kw))
    fill = lambda s: tree.map_structure(lambda v: values[id(v)] if isinstance(v, KerasTensor) else v, s)
    for node, _ in model._steps:
        layer = node.operation
        if id(layer) not in clones:
            clones[id(layer)] = clone(layer)
        outputs = call(clones[id(layer)], *fill(node.call_args), **fill(node.call_kwargs))
        for old, new in zip(node.outputs, tree.flatten(outputs)):
            values[id(old)] = new
    outputs = tree.map_structure(lambda x: values[id(x)], model._outputs_struct)
    return Functional(input_tensors, outputs, name=model.name, trainable=model.trainable)


def model_from_json(json_string, custom_objects=None):
    """A model (new weights) from the JSON that `model.to_json()` wrote, as `keras.models.model_from_json`."""
    import json

    from kerastorch.saving.serialization_lib import deserialize_keras_object

    try:
        config = json.loads(json_string)
    except ValueError as error:
        raise ValueError(f"model_from_json() needs the JSON text of model.to_json(). Received: {json_string[:80]!r}") from error
    return deserialize_keras_object(config, custom_objects=custom_objects)
