"""`TorchModuleWrapper`: any `torch.nn.Module` used as a Keras layer."""

import base64
import io

import torch

from kerastorch.backend import device as device_lib
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.backend.variable import Variable
from kerastorch.layers.layer import Layer
from kerastorch.saving import serialization_lib
from kerastorch.utils import naming


def _in_safe_mode():
    # lead: kerastorch.saving has no global safe mode yet (keras.config.enable_unsafe_deserialization).
    checker = getattr(serialization_lib, "in_safe_mode", None)
    return True if checker is None else checker()


class TorchModuleWrapper(Layer):
    """Wraps a `torch.nn.Module` so that it can be used in Keras models and trained with `fit`.

    The module's parameters become the layer's weights (trainable when they require grad), in the module's
    registration order; its buffers (e.g. BatchNorm running statistics) are state, not weights, as in Keras.
    Its `training` flag follows the call's `training` argument: training mode unless it is False, as in Keras. The
    module itself is not copied.

    Args:
        module: The `torch.nn.Module`. Lazy modules must be initialized (run once) first.
        name: Optional layer name.
        output_shape: Optional output shape (batch included); by default inferred by running the module on
            fake tensors.
        **kwargs: Base layer keyword arguments, such as `dtype`.

    Example:

    >>> model = keras.Sequential([keras.Input((4,)), keras.layers.TorchModuleWrapper(torch.nn.Linear(4, 2))])
    """

    def __init__(self, module, name=None, output_shape=None, **kwargs):
        super().__init__(name=name, **kwargs)
        if not isinstance(module, torch.nn.Module):
            raise TypeError(
                f"TorchModuleWrapper '{self.name}' wraps a torch.nn.Module. Received: module={module!r} "
                f"(of type {type(module)})"
            )
        if isinstance(module, torch.nn.modules.lazy.LazyModuleMixin) and module.has_uninitialized_params():
            raise ValueError(
                f"TorchModuleWrapper '{self.name}': lazy modules are supported only once initialized (call the "
                f"module on one batch first). Received uninitialized lazy module: module={module}"
            )
        self.module = module.to(device_lib.get_device())
        self.output_shape = output_shape
        _parameters_as_variables(self.module)
        self.built = True

    @property
    def weights(self):
        params = list(self.module.parameters())
        return [p for p in params if p.requires_grad] + [p for p in params if not p.requires_grad]

    @property
    def trainable_weights(self):
        return [p for p in self.module.parameters() if p.requires_grad] if self.trainable else []

    @property
    def non_trainable_weights(self):
        if not self.trainable:
            return self.weights
        return [p for p in self.module.parameters() if not p.requires_grad]

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

    def call(self, inputs, *args, training=None, **kwargs):
        # The wrapped module reads its own flag (Dropout, BatchNorm). As in Keras, only `training=False` means
        # inference: a call that leaves `training` unset runs the module in training mode.
        mode = training is not False
        if self.module.training != mode:
            self.module.train(mode)
        return self.module(inputs, *args, **kwargs)

    def compute_output_spec(self, *args, **kwargs):
        if self.output_shape is None:
            return super().compute_output_spec(*args, **kwargs)
        return KerasTensor(tuple(self.output_shape), dtype=self.compute_dtype)

    def compute_output_shape(self, input_shape):
        if self.output_shape is None:
            return super().compute_output_shape(input_shape)
        return tuple(self.output_shape)

    def get_config(self):
        buffer = io.BytesIO()
        torch.save(self.module, buffer)
        module = base64.b64encode(buffer.getvalue()).decode("ascii")
        return {**super().get_config(), "module": module, "output_shape": self.output_shape}

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=None):
        config = dict(config)
        if isinstance(config.get("module"), str):
            if (safe_mode if safe_mode is not None else _in_safe_mode()) is not False:
                raise ValueError(
                    "Requested the deserialization of a `torch.nn.Module` with `torch.load()`, which can run "
                    "arbitrary code, so it is disallowed by default. If you trust the source of the config, pass "
                    "`safe_mode=False` to the loading function. Received: safe_mode=True"
                )
            buffer = io.BytesIO(base64.b64decode(config["module"].encode("ascii")))
            config["module"] = torch.load(buffer, weights_only=False)
        return super().from_config(config)


def _parameters_as_variables(module):
    """Swaps the module's Parameters for `Variable`s on the same storage, named as Keras names a wrapped module's
    weights ("variable", "variable_1", ..., the name doubling as the path), so `weight.name`, `.path` and
    `.trainable` work on every model. A Parameter shared between submodules stays shared. (A torch optimizer made
    before wrapping holds the old Parameter objects: make it after wrapping.)"""
    swapped = {}
    for submodule in module.modules():
        for key, parameter in list(submodule._parameters.items()):
            if parameter is None or isinstance(parameter, Variable):
                continue
            variable = swapped.get(id(parameter))
            if variable is None:
                name = naming.auto_name("variable")
                variable = Variable(parameter.data, trainable=parameter.requires_grad, name=name, path=name)
                swapped[id(parameter)] = variable
            submodule._parameters[key] = variable

