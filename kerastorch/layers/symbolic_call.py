"""Calls on symbolic tensors (`keras.Input`): shape inference and graph nodes, mixed into `Layer`.

A layer called on KerasTensors computes nothing: it builds from the known shapes, infers its outputs (from
`compute_output_shape` when the layer defines it, else by running the layer on fake tensors) and records a
`Node`, the edge of the Functional graph.
"""

import inspect

import torch

from kerastorch.backend import device as device_lib
from kerastorch.backend import symbolic
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers import input_spec as input_spec_lib
from kerastorch.layers import layer_utils
from kerastorch.layers.node import Node
from kerastorch.utils import tree


class SymbolicCalls:
    """The symbolic half of `Layer` (the eager call protocol is `Layer.__call__`)."""

    def _symbolic_call(self, args, kwargs):
        """Infers output shapes on fake tensors and records a graph node; nothing is computed."""
        for x in tree.flatten((args, kwargs)):
            if isinstance(x, KerasTensor):
                continue
            if isinstance(x, torch.Tensor):
                raise ValueError(
                    f"Layer '{self.name}' was called with both symbolic (keras.Input) and concrete tensors. "
                    "Wrap concrete values as model inputs or as weights of a layer."
                )
        first = args[0] if args else None
        if first is not None and not self.built:
            input_spec_lib.assert_input_compatibility(self._input_spec, first, self.name)
        pushed = layer_utils.push_scope(self.name)
        try:
            self._maybe_build(args, kwargs)
            if first is not None:
                input_spec_lib.assert_input_compatibility(self._input_spec, first, self.name)
            kwargs = self._recorded_call_arguments(args, kwargs)
            outputs = self.compute_output_spec(*args, **kwargs)
        finally:
            if pushed:
                layer_utils.name_scope.pop()
        Node(self, args, kwargs, outputs)
        return outputs

    def _recorded_call_arguments(self, args, kwargs):
        """The keyword arguments a graph node records, as Keras records them: the resolved `training` when it
        is not None, and the input's `mask` for a single-tensor call whose `call` takes one. (At run time a
        model's own `training` overrides the recorded value.)"""
        signature = self._call_signature()
        kwargs = dict(kwargs)
        if signature.accepts_training and kwargs.get("training") is None:
            if signature.training_default is not None:
                kwargs["training"] = signature.training_default
            else:
                kwargs.pop("training", None)
        tensor_args = [x for x in tree.flatten((args, kwargs)) if isinstance(x, KerasTensor)]
        if signature.accepts_mask and "mask" not in kwargs and args and len(tensor_args) == 1 and layer_utils.mask_of(args[0]) is None:
            # Keras records `mask=None` for such calls. An input's own mask is not recorded: it travels on the
            # tensor at run time, and as a node argument it would look like a graph input of its own.
            kwargs["mask"] = None
        return kwargs

    def compute_output_spec(self, *args, **kwargs):
        """KerasTensors describing the outputs for symbolic inputs.

        As in Keras, a layer that overrides `compute_output_shape` is asked for its shape (outputs take the
        compute dtype); any other layer is run on fake tensors, which costs no compute.
        """
        if type(self).compute_output_shape is not SymbolicCalls.compute_output_shape:
            return self._spec_from_output_shape(args, kwargs)
        return self._fake_output_spec(*args, **kwargs)

    def _fake_output_spec(self, *args, **kwargs):
        with device_lib.device_scope(layer_utils.layer_device(self)):
            return symbolic.compute_output_spec(lambda *a, **k: self._call_protocol(*a, **k), *args, **kwargs)

    def _spec_from_output_shape(self, args, kwargs):
        shapes = layer_utils.shapes_dict(self._call_signature(), args, kwargs)
        target = inspect.signature(self.compute_output_shape).parameters
        if len(shapes) > 1 and all(k in target for k in shapes):
            output_shape = self.compute_output_shape(**shapes)
        else:
            output_shape = self.compute_output_shape(next(iter(shapes.values())))
        outputs = layer_utils.specs_from_shapes(output_shape, self.compute_dtype)
        if self._supports_masking and args:
            if self._overrides_compute_mask():
                masks = self._symbolic_masks(args, outputs)
            else:
                masks = layer_utils.mask_of(args[0])
            for tensor, mask in zip(tree.flatten(outputs), tree.flatten(masks) if masks is not None else []):
                if mask is not None:
                    tensor._keras_mask = mask
        return outputs

    def _symbolic_masks(self, args, outputs):
        """Runs `compute_mask` on fake tensors to learn the output mask's shape."""
        first = args[0]

        def run(inputs, previous):
            return self.compute_mask(inputs, previous)

        previous = tree.map_structure(
            lambda t: t._keras_mask if isinstance(t, KerasTensor) else None, first
        ) if isinstance(first, (list, tuple)) else first._keras_mask
        with device_lib.device_scope(layer_utils.layer_device(self)):
            return symbolic.compute_output_spec(run, first, previous)

    def compute_output_shape(self, *args, **kwargs):
        """Output shape(s) for the given input shape(s), found by running the layer on fake tensors."""
        specs = [layer_utils.specs_from_shapes(shape, self.compute_dtype) for shape in args]
        outputs = self._fake_output_spec(*specs, **kwargs)
        return tree.map_structure(lambda t: t.shape, outputs)
