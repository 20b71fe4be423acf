"""`Functional`: a model defined by calling layers on `keras.Input` tensors, `keras.Model(inputs, outputs)`.

At construction the graph is walked once (Keras's order) and turned into a flat list of steps; a call runs
the steps on real tensors with no graph search, so the per-call cost is one Python loop over layers.
"""

import torch

from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.core.input_layer import InputLayer
from kerastorch.layers.layer import Layer
from kerastorch.models.graph import map_graph
from kerastorch.models.model import Model
from kerastorch.utils import tree


class Functional(Model):
    """A model whose layers form a graph from `inputs` to `outputs` (single tensors, lists or dicts)."""

    # Where real Keras serializes a nested Functional model from.
    _keras_module = "keras.src.models.functional"
    _keras_registered_name = "Functional"

    def __init__(self, inputs, outputs, name=None, **kwargs):
        trainable = kwargs.pop("trainable", True)
        super().__init__(name=name, trainable=True, **kwargs)
        for x in tree.flatten(inputs):
            if not isinstance(x, KerasTensor):
                raise ValueError(
                    "All `inputs` values must be KerasTensors (from `keras.Input`). "
                    f"Received: inputs={inputs} including invalid value {x!r} of type {type(x)}"
                )
        for x in tree.flatten(outputs):
            if not isinstance(x, KerasTensor):
                raise ValueError(
                    "All `outputs` values must be KerasTensors computed from the inputs by layers. "
                    f"Received: outputs={outputs} including invalid value {x!r} of type {type(x)}"
                )
        self._set_untracked("_inputs_struct", _copy_structure(inputs))
        self._set_untracked("_outputs_struct", _copy_structure(outputs))
        self._set_untracked("_inputs", tree.flatten(inputs))
        self._set_untracked("_outputs", tree.flatten(outputs))
        nodes, nodes_by_depth, operations = map_graph(self._inputs, self._outputs)
        self._set_untracked("_nodes", nodes)
        self._set_untracked("_nodes_by_depth", nodes_by_depth)
        self._set_untracked("_operations", operations)
        for operation in self._operations:
            self._register_layer(operation)
        self._set_untracked("_steps", self._compile_steps())
        self._set_untracked(
            "_input_dtypes", [None if x.dtype == "string" else to_torch_dtype(x.dtype) for x in self._inputs]
        )
        self.built = True
        if not trainable:
            self.trainable = False

    def _register_layer(self, layer):
        key = layer.name.replace(".", "_")
        if key in self._modules and self._modules[key] is not layer:
            key = f"{key}_{len(self._modules)}"
        self.add_module(key, layer)

    def _compile_steps(self):
        steps = []
        for depth in sorted(self._nodes_by_depth, reverse=True):
            for node in self._nodes_by_depth[depth]:
                if node.is_input or isinstance(node.operation, InputLayer):
                    continue
                # As in Keras, the model's own `training` (when not None) overrides what the node recorded.
                accepts_training = isinstance(node.operation, Layer) and node.operation._call_signature().accepts_training
                steps.append((node, accepts_training))
        return steps

    # ------------------------------------------------------------------ structure
    @property
    def inputs(self):
        return list(self._inputs)

    @property
    def outputs(self):
        return list(self._outputs)

    @property
    def input(self):
        return _unpack_singleton(self._inputs_struct)

    @property
    def output(self):
        return _unpack_singleton(self._outputs_struct)

    @property
    def operations(self):
        return list(self._operations)

    @property
    def input_shape(self):
        shapes = tree.map_structure(lambda x: x.shape, self._inputs_struct)
        return shapes[0] if isinstance(shapes, list) and len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        shapes = tree.map_structure(lambda x: x.shape, self._outputs_struct)
        return shapes[0] if isinstance(shapes, list) and len(shapes) == 1 else shapes

    @property
    def input_names(self):
        return [x.name for x in self._inputs]

    @property
    def output_names(self):
        return [x._keras_history.operation.name for x in self._outputs]

    # ------------------------------------------------------------------ running
    def call(self, inputs, training=None, mask=None):
        flat_inputs = self._standardize_inputs(inputs)
        if mask is not None:
            for x, m in zip(flat_inputs, tree.flatten(mask)):
                if m is not None:
                    x._keras_mask = m
        values = {id(k): v for k, v in zip(self._inputs, flat_inputs)}
        for node, pass_training in self._steps:
            args = _fill(node.call_args, values)
            kwargs = _fill(node.call_kwargs, values) if node.call_kwargs else {}
            if pass_training and training is not None:
                kwargs["training"] = training
            outputs = node.operation(*args, **kwargs)
            if len(node.outputs) == 1:
                values[id(node.outputs[0])] = tree.flatten(outputs)[0] if tree.is_nested(outputs) else outputs
            else:
                for tensor, value in zip(node.outputs, tree.flatten(outputs)):
                    values[id(tensor)] = value
        result = tree.pack_sequence_as(self._outputs_struct, [values[id(k)] for k in self._outputs])
        return _unpack_singleton(result)

    def _standardize_inputs(self, inputs):
        struct = self._inputs_struct
        if isinstance(inputs, dict) and not isinstance(struct, dict):
            names = [x.name for x in self._inputs]
            missing = [n for n in names if n not in inputs]
            if missing:
                raise ValueError(
                    f"Model '{self.name}' expects inputs named {names}; the data dict lacks {missing}. "
                    f"Received: keys={sorted(inputs)}"
                )
            flat = [inputs[n] for n in names]
        elif isinstance(struct, dict):
            if not isinstance(inputs, dict):
                if len(struct) == 1 and not tree.is_nested(inputs):
                    inputs = {next(iter(struct)): inputs}
                else:
                    raise ValueError(
                        f"Model '{self.name}' expects a dict of inputs with keys {sorted(struct)}. "
                        f"Received: inputs of type {type(inputs).__name__}"
                    )
            missing = [k for k in struct if k not in inputs]
            if missing:
                raise ValueError(
                    f"Model '{self.name}' expects inputs with keys {sorted(struct)}; missing {missing}. "
                    f"Received: keys={sorted(inputs)}"
                )
            flat = tree.flatten({k: inputs[k] for k in struct})
        else:
            flat = tree.flatten(inputs)
        if len(flat) != len(self._inputs):
            raise ValueError(
                f"Model '{self.name}' expects {len(self._inputs)} input(s), but it received {len(flat)} input "
                f"tensors."
            )
        return [self._convert_input(i, x) for i, x in enumerate(flat)]

    def _convert_input(self, index, x):
        reference = self._inputs[index]
        if x is None:
            layer = reference._keras_history.operation
            if isinstance(layer, InputLayer) and not layer.optional:
                raise ValueError(f"The input '{reference.name}' is not optional, but None was passed.")
            return x
        dtype = self._input_dtypes[index]
        if dtype is None:
            return x  # string input: handed to the first (string preprocessing) layer as it is
        if not isinstance(x, torch.Tensor):
            x = torch.as_tensor(x)
        if x.dtype != dtype:
            mask = getattr(x, "_keras_mask", None)
            x = x.to(dtype)
            if mask is not None:
                x._keras_mask = mask
        rank, expected = x.ndim, len(reference.shape)
        if rank == expected + 1 and x.shape[-1] == 1:
            x = x.squeeze(-1)
        elif rank == expected - 1 and reference.shape[-1] == 1:
            x = x.unsqueeze(-1)
        elif rank != expected:
            raise ValueError(
                f"Invalid input shape for input '{reference.name}' of model '{self.name}'. Expected shape "
                f"{reference.shape}, but input has incompatible shape {tuple(x.shape)}"
            )
        return x

    def build(self, input_shape=None):
        self.built = True

    def get_build_config(self):
        return {"input_shape": None}

    def build_from_config(self, config):
        self.built = True

    # ------------------------------------------------------------------ config
    def get_config(self):
        from kerastorch.models.functional_config import functional_config

        return functional_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from kerastorch.models.functional_config import functional_from_config

        return functional_from_config(cls, config, custom_objects=custom_objects)


def _copy_structure(structure):
    if isinstance(structure, dict):
        return dict(structure)
    if isinstance(structure, (list, tuple)):
        return [_copy_structure(x) for x in structure] if isinstance(structure, list) else tuple(structure)
    return structure


def _fill(structure, values):
    if isinstance(structure, KerasTensor):
        return values[id(structure)]
    if isinstance(structure, tuple) and structure and isinstance(structure[0], KerasTensor) and len(structure) == 1:
        return (values[id(structure[0])],)
    return tree.map_structure(lambda x: values[id(x)] if isinstance(x, KerasTensor) else x, structure)


def _unpack_singleton(x):
    if isinstance(x, (list, tuple)) and len(x) == 1:
        return x[0]
    return x
