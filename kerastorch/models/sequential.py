"""`Sequential`: a plain stack of layers, each with one input and one output.

Once the input shape is known (a `keras.Input` first, `input_shape=` on the first layer, or the first batch
of data) the stack is traced symbolically once, which builds every layer and records the output shapes the
summary shows. A call then runs the layers in a plain loop.
"""

from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.core.input_layer import InputLayer
from kerastorch.layers.layer import Layer
from kerastorch.models.model import Model
from kerastorch.saving import serialization_lib


class Sequential(Model):
    """A linear stack of layers.

    Args:
        layers: Optional list of layers to add.
        trainable: Whether the model's weights are trainable.
        name: The model's name.

    Example:

    ```python
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, activation="softmax")])
    ```
    """

    def __init__(self, layers=None, trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        self._set_untracked("_stack", [])
        self._set_untracked("_inputs", None)
        self._set_untracked("_outputs", None)
        if layers:
            for layer in layers:
                self.add(layer, rebuild=False)
            self._maybe_rebuild()

    # ------------------------------------------------------------------ editing the stack
    def add(self, layer, rebuild=True):
        """Appends a layer (or the input of a `keras.Input` tensor) to the stack."""
        if isinstance(layer, KerasTensor):
            origin = layer._keras_history.operation if layer._keras_history else None
            if isinstance(origin, InputLayer):
                layer = origin
        if not isinstance(layer, Layer):
            from kerastorch.layers.core.torch_module_wrapper import TorchModuleWrapper
            import torch

            if isinstance(layer, torch.nn.Module):
                layer = TorchModuleWrapper(layer)
            else:
                raise ValueError(
                    "Only instances of `keras.Layer` (or torch.nn.Module) can be added to a Sequential model. "
                    f"Received: {layer} (of type {type(layer)})"
                )
        if isinstance(layer, InputLayer) and self._stack and isinstance(self._stack[0], InputLayer):
            raise ValueError(
                f"Sequential model '{self.name}' has already been configured to use input shape "
                f"{self._stack[0].batch_shape}. You cannot add a different Input layer to it."
            )
        if isinstance(layer, InputLayer) and self._stack:
            raise ValueError(
                f"An Input layer must come first in Sequential model '{self.name}'. Received: {layer.name} after "
                f"{[l.name for l in self._stack]}"
            )
        if not self._stack and not isinstance(layer, InputLayer):
            shape_arg = getattr(layer, "_input_shape_arg", None)
            if shape_arg is not None:
                self._append(InputLayer(batch_shape=shape_arg))
        if any(existing.name == layer.name for existing in self._stack):
            raise ValueError(
                f"All layers added to a Sequential model should have unique names. Name '{layer.name}' is already "
                "the name of a layer in this model. Update the `name` argument to pass a unique name."
            )
        self._append(layer)
        if rebuild:
            self._maybe_rebuild()
        else:
            self.built = False

    def _append(self, layer):
        self._stack.append(layer)
        self.add_module(layer.name.replace(".", "_"), layer)

    def pop(self, rebuild=True):
        """Removes and returns the last layer."""
        if not self.layers:
            raise TypeError("There are no layers in the model.")
        layer = self._stack.pop()
        for key, module in list(self._modules.items()):
            if module is layer:
                del self._modules[key]
        if rebuild:
            self._maybe_rebuild()
        return layer

    def _maybe_rebuild(self):
        self.built = False
        self._set_untracked("_inputs", None)
        self._set_untracked("_outputs", None)
        if self._stack and isinstance(self._stack[0], InputLayer) and len(self._stack) > 1:
            self.build(self._stack[0].batch_shape)
        elif self._stack and isinstance(self._stack[0], InputLayer):
            self.built = False

    # ------------------------------------------------------------------ building and running
    def build(self, input_shape=None):
        """Builds every layer by tracing the stack on a symbolic input of `input_shape`."""
        if input_shape is None:
            raise ValueError(
                f"You must provide an `input_shape` argument to build Sequential model '{self.name}'."
            )
        input_shape = tuple(input_shape)
        if self._stack and isinstance(self._stack[0], InputLayer):
            input_layer = self._stack[0]
            if len(input_layer.batch_shape) != len(input_shape):
                raise ValueError(
                    f"Sequential model '{self.name}' expects inputs of shape {input_layer.batch_shape}. "
                    f"Received: input_shape={input_shape}"
                )
        else:
            input_layer = InputLayer(batch_shape=input_shape)
        x = inputs = input_layer.output
        for layer in self.layers:
            try:
                x = layer(x)
            except (NotImplementedError, TypeError) as error:
                # A layer that cannot run symbolically is still callable on data: build lazily then.
                raise ValueError(f"Sequential model '{self.name}' could not trace layer '{layer.name}': {error}") from error
        self._set_untracked("_inputs", [inputs])
        self._set_untracked("_outputs", [x])
        self._build_shapes_dict = {"input_shape": input_shape}
        self.built = True

    def call(self, inputs, training=None, mask=None):
        if mask is not None:
            inputs._keras_mask = mask
        x = inputs
        for layer in self._stack:
            if not isinstance(layer, InputLayer):
                x = layer(x)
        return x

    @property
    def layers(self):
        """The layers, without the InputLayer (as in Keras)."""
        return [layer for layer in self._stack if not isinstance(layer, InputLayer)]

    @layers.setter
    def layers(self, value):
        raise AttributeError("`Model.layers` attribute is reserved and should not be used. Use another name.")

    @property
    def _layers(self):
        return list(self._stack)

    @property
    def inputs(self):
        return list(self._inputs) if self._inputs else None

    @property
    def outputs(self):
        return list(self._outputs) if self._outputs else None

    @property
    def input(self):
        if self._inputs:
            return self._inputs[0]
        raise AttributeError(f"Sequential model '{self.name}' has no defined input yet: give it an Input or build it.")

    @property
    def output(self):
        if self._outputs:
            return self._outputs[0]
        raise AttributeError(f"Sequential model '{self.name}' has no defined output yet: give it an Input or build it.")

    @property
    def input_shape(self):
        if self._inputs:
            return self._inputs[0].shape
        raise AttributeError(f"Sequential model '{self.name}' has no defined input shape yet.")

    @property
    def output_shape(self):
        if self._outputs:
            return self._outputs[0].shape
        raise AttributeError(f"Sequential model '{self.name}' has no defined output shape yet.")

    @property
    def input_dtype(self):
        if self._stack and isinstance(self._stack[0], InputLayer):
            return self._stack[0].dtype
        return super().input_dtype

    # ------------------------------------------------------------------ config
    def get_config(self):
        layer_configs = []
        for layer in self._stack:
            layer_configs.append(serialization_lib.serialize_keras_object(layer))
        config = {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": serialization_lib.serialize_keras_object(self.dtype_policy),
            "layers": layer_configs,
        }
        if self._build_shapes_dict is not None and "input_shape" in self._build_shapes_dict:
            config["build_input_shape"] = self._build_shapes_dict["input_shape"]
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        layer_configs = config["layers"]
        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        for layer_config in layer_configs:
            layer = serialization_lib.deserialize_keras_object(layer_config, custom_objects=custom_objects)
            model.add(layer, rebuild=False)
        model._maybe_rebuild()
        build_shape = config.get("build_input_shape")
        if not model.built and build_shape:
            model.build(build_shape)
        return model
