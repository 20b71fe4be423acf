"""`Layer`: the Keras layer contract on a `torch.nn.Module`.

A subclass validates and stores its configuration in `__init__`, creates weights in `build(input_shape)` with
`add_weight`, and does the math in `call`. `Layer.__call__` adds what Keras adds around `call`, in order:

1. symbolic inputs (`keras.Input`) go to shape inference and record a graph node instead of computing;
2. NumPy inputs become tensors, floating inputs are cast to the layer's compute dtype;
3. the `input_spec` is checked, then `build` runs once, with the input shapes;
4. `training` is resolved: the explicit argument, else the enclosing layer call's, else a non-None default
   in `call`'s signature, else the torch module mode (`layer.train()` / `layer.eval()`; layers start in eval
   mode, so an unmodified Keras script sees Keras's inference default; until `train()`/`eval()` is called, a
   `call` whose `training` defaults to None receives None there, as in Keras);
5. the `mask` argument is filled from the mask attached to the input;
6. `call` runs through `nn.Module.__call__`, so torch hooks fire;
7. activity regularization is recorded and the output mask attached.

A call on one plain tensor for which none of these has anything to do (built, no mask, no conversion, an input
shape already checked, no hooks, no regularizer, no mixed precision) goes straight to `forward`: nested calls
(`_nested_fast_call`) and the outermost call with an explicit `training` (`_entry_fast_call`, every training and
predict step). That is where the per-step overhead of a small model goes.

Weights are `Variable`s (torch Parameters with Keras names); `weights` lists them in Keras's order: this
layer's trainable ones, its non-trainable ones, then each sub-layer's in the order they were assigned.
"""

import contextlib
import inspect
import warnings

import numpy as np
import torch

from kerastorch.backend import device as device_lib
from kerastorch.backend import symbolic
from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.keras_tensor import any_symbolic_tensors
from kerastorch.backend.variable import Variable
from kerastorch import dtype_policies
from kerastorch.distribution import distribution_lib
from kerastorch.layers import input_spec as input_spec_lib
from kerastorch.layers.call_context import call_context
from kerastorch.layers import layer_utils
from kerastorch.layers.symbolic_call import SymbolicCalls
from kerastorch.utils import naming
from kerastorch.utils import summary_utils
from kerastorch.utils import tree


_CALL_SIGNATURES = {}  # Layer class -> _CallSignature of its `call`


class _CallSignature:
    """What `__call__` needs to know about a class's `call`, computed once per class."""

    def __init__(self, call_fn):
        parameters = list(inspect.signature(call_fn).parameters.values())[1:]  # drop self
        self.names = [p.name for p in parameters if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        # Names that positional arguments bind to (a `*args` swallows the rest, which get `arg_<i>` names).
        self.positional_names = [p.name for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        self.accepts_training = "training" in self.names
        self.accepts_mask = "mask" in self.names
        self.named_masks = [n[: -len("_mask")] for n in self.names if n.endswith("_mask") and n[: -len("_mask")] in self.names]
        default = next((p.default for p in parameters if p.name == "training"), None)
        self.training_default = None if default is inspect.Parameter.empty else default


def _is_overridden(layer, method_name):
    return getattr(type(layer), method_name) is not getattr(Layer, method_name)


class Layer(SymbolicCalls, torch.nn.Module):
    """The base class of every layer.

    Args:
        activity_regularizer: Regularizer applied to the layer's output (its value, divided by the batch size,
            is added to `losses`).
        trainable: Whether the layer's weights are updated in training.
        dtype: The dtype policy: a dtype name (`"float32"`), `"mixed_float16"`, a `DTypePolicy`, or None for the
            global policy.
        autocast: Whether floating inputs are cast to the compute dtype.
        name: The layer's name; by default derived from the class name (`dense`, `dense_1`, ...).
        input_shape, input_dim, batch_input_shape, batch_size: Keras 2 spellings that declare the input shape
            of the first layer of a `Sequential` model.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "build" in cls.__dict__:
            cls.build = layer_utils.in_name_scope(cls.__dict__["build"])

    def __new__(cls, *args, **kwargs):
        instance = super().__new__(cls)
        # Keras's automatic config: the constructor arguments, kept when they serialize, so a custom layer
        # that never wrote get_config() still round-trips through get_config() / from_config().
        instance.__dict__["_auto_config"] = layer_utils.capture_init_arguments(cls, args, kwargs)
        return instance

    def __init__(self, *, activity_regularizer=None, trainable=True, dtype=None, autocast=True, name=None, **kwargs):
        input_dim = kwargs.pop("input_dim", None)
        input_shape = (input_dim,) if input_dim is not None else kwargs.pop("input_shape", None)
        batch_input_shape = kwargs.pop("batch_input_shape", None)
        batch_size = kwargs.pop("batch_size", None)
        kwargs.pop("input_shape", None)
        if kwargs:
            raise ValueError(
                f"Unrecognized keyword arguments passed to {self.__class__.__name__}: {kwargs}"
            )
        super().__init__()
        # Keras layers run in inference mode unless told otherwise; torch modules start in training mode.
        self.training = False
        if name is not None and not isinstance(name, str):
            raise TypeError(f"Argument `name` must be a string. Received: name={name!r}")
        self.name = name or naming.auto_name(self.__class__.__name__)
        self.dtype_policy = dtype
        self.autocast = autocast
        self._trainable = bool(trainable)
        self.built = False
        self._input_spec = None
        self._trainable_variables = []
        self._non_trainable_variables = []
        self._variable_keys = {}
        self._regularized = []
        self._losses = []
        self._inbound_nodes = []
        self._outbound_nodes = []
        self._build_shapes_dict = None
        self._supports_masking = _is_overridden(self, "compute_mask")
        from kerastorch import regularizers  # noqa: PLC0415 - regularizers import layers' utilities

        self.activity_regularizer = regularizers.get(activity_regularizer)
        if batch_input_shape is not None:
            self._input_shape_arg = tuple(batch_input_shape)
        elif input_shape is not None:
            self._input_shape_arg = (batch_size,) + tuple(input_shape)
        else:
            self._input_shape_arg = None

    # ------------------------------------------------------------------ dtype policy
    @property
    def dtype_policy(self):
        return self._dtype_policy

    @dtype_policy.setter
    def dtype_policy(self, value):
        self._dtype_policy = dtype_policies.get(value)
        # Cached: the hot path compares every input's dtype with it.
        self._compute_torch_dtype = to_torch_dtype(self._dtype_policy.compute_dtype)
        self._mixed = self._dtype_policy.compute_dtype != self._dtype_policy.variable_dtype
        if self._mixed:
            layer_utils.mixed_precision_seen[0] = True

    @property
    def dtype(self):
        """The dtype of the layer's weights (the policy's variable dtype)."""
        return self._dtype_policy.variable_dtype

    @property
    def compute_dtype(self):
        return self._dtype_policy.compute_dtype

    @property
    def variable_dtype(self):
        return self._dtype_policy.variable_dtype

    @property
    def input_dtype(self):
        return self._dtype_policy.compute_dtype

    # ------------------------------------------------------------------ attribute tracking
    def __setattr__(self, name, value):
        if isinstance(value, Variable) and "_variable_keys" in self.__dict__:
            old_key = self._variable_keys.get(id(value))
            if old_key is not None and old_key != name and self._parameters.get(old_key) is value:
                # `self.w = self.add_weight(name="kernel")`: keep one registration, under the attribute name.
                del self._parameters[old_key]
            self._variable_keys[id(value)] = name
        elif (
            isinstance(value, (list, tuple))
            and value
            and all(isinstance(v, torch.nn.Module) for v in value)
            and "_modules" in self.__dict__
        ):
            # Keras tracks layers held in lists; torch needs a ModuleList for `.to()` and `state_dict()`.
            value = torch.nn.ModuleList(value)
        elif (
            isinstance(value, dict)
            and value
            and all(isinstance(k, str) and isinstance(v, torch.nn.Module) for k, v in value.items())
            and "_modules" in self.__dict__
        ):
            value = torch.nn.ModuleDict(value)
        super().__setattr__(name, value)

    def _set_untracked(self, name, value):
        """Stores an attribute without registering the modules it holds (for internal bookkeeping lists)."""
        object.__setattr__(self, name, value)

    @property
    def _layers(self):
        """Direct sub-layers in assignment order; modules inside ModuleList / ModuleDict are unpacked."""
        found = []
        for module in self._modules.values():
            if isinstance(module, Layer):
                found.append(module)
            elif isinstance(module, (torch.nn.ModuleList, torch.nn.ModuleDict, torch.nn.Sequential)):
                found.extend(layer_utils.unpack_containers(module))
            elif module is not None:
                found.append(module)
        return found

    def _flatten_layers(self, include_self=True, recursive=True):
        layers, seen = ([self] if include_self else []), {id(self)}
        queue = list(self._layers)
        while queue:
            layer = queue.pop(0)
            if id(layer) in seen:
                continue
            seen.add(id(layer))
            layers.append(layer)
            if recursive and isinstance(layer, Layer):
                queue = layer._layers + queue
        return layers

    # ------------------------------------------------------------------ weights
    def add_weight(self, shape=None, initializer=None, dtype=None, trainable=True, autocast=True, regularizer=None,
                   constraint=None, aggregation="none", overwrite_with_gradient=False, name=None):
        """Creates a weight of this layer and registers it as a torch Parameter.

        Args:
            shape: The weight's shape (a tuple of ints); `()` for a scalar.
            initializer: An initializer object or name; default `"glorot_uniform"` for floats, `"zeros"` else.
            dtype: The weight's dtype; default the policy's variable dtype.
            trainable: Whether the optimizer updates it.
            regularizer: Regularizer whose value joins `losses`.
            constraint: Constraint applied after each optimizer update.
            name: The weight's name (`"kernel"`, `"bias"`, ...).
        """
        from kerastorch import constraints
        from kerastorch import initializers
        from kerastorch import regularizers

        shape = () if shape is None else tuple(shape)
        for size in shape:
            if not isinstance(size, (int, np.integer)) or size < 0:
                raise ValueError(
                    f"Layer '{self.name}' cannot create weight '{name}': every size of its shape must be a "
                    f"non-negative int. Received: shape={shape}"
                )
        dtype = standardize_dtype(dtype or self.variable_dtype)
        if initializer is None:
            initializer = "glorot_uniform" if "float" in dtype else "zeros"
        initializer = initializers.get(initializer)
        name = name or naming.uniquify(f"{self.name}/variable").rsplit("/", 1)[1]
        with symbolic.real_tensors():
            value = initializer(shape, dtype=dtype) if callable(initializer) else initializer
            value = torch.as_tensor(value, dtype=to_torch_dtype(dtype), device=device_lib.get_device())
            if tuple(value.shape) != shape:
                value = value.reshape(shape)
            variable = Variable(value.detach(), trainable=trainable, name=name, path=self._weight_path(name))
        variable.regularizer = regularizers.get(regularizer)
        variable.constraint = constraints.get(constraint)
        if not self.trainable:
            variable.requires_grad_(False)
        (self._trainable_variables if trainable else self._non_trainable_variables).append(variable)
        if variable.regularizer is not None:
            self._regularized.append(variable)
        self._register_variable(name, variable)
        self.__dict__.pop("_device_cache", None)
        if distribution_lib.distribution() is not None:  # ModelParallel: this process keeps its piece
            distribution_lib._on_weight_created(self, variable)
        return variable

    def _weight_path(self, name):
        """Keras's variable path: the names of the layers being built around this one, this layer's, the
        weight's (`sequential/dense/kernel`)."""
        scope = layer_utils.name_scope
        scope = scope if scope and layer_utils.is_layer_scope(scope[-1], self.name) else scope + [self.name]
        return "/".join(scope + [name])

    def _register_variable(self, name, variable):
        key = name.replace("/", "_").replace(".", "_")

        def taken(candidate):
            return (candidate in self._parameters or candidate in self._modules or candidate in self._buffers
                    or candidate in self.__dict__ or hasattr(type(self), candidate))

        if taken(key):
            suffix = 1
            while taken(f"{key}_{suffix}"):
                suffix += 1
            key = f"{key}_{suffix}"
        self.register_parameter(key, variable)
        self._variable_keys[id(variable)] = key

    def _own_weights(self):
        return self._trainable_variables + self._non_trainable_variables

    @property
    def weights(self):
        """All weights: this layer's (trainable, then non-trainable), then each sub-layer's, de-duplicated."""
        found, seen = [], set()
        for variable in self._own_weights():
            if id(variable) not in seen:
                seen.add(id(variable))
                found.append(variable)
        for layer in self._layers:
            if isinstance(layer, Layer):
                sub = layer.weights
            else:
                sub = layer_utils.torch_module_weights(layer)
            for variable in sub:
                if id(variable) not in seen:
                    seen.add(id(variable))
                    found.append(variable)
        return found

    @property
    def variables(self):
        return self.weights

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        return [v for v in self.weights if layer_utils.is_trainable(v)]

    @property
    def non_trainable_weights(self):
        if not self.trainable:
            return self.weights
        return [v for v in self.weights if not layer_utils.is_trainable(v)]

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        """Freezes or unfreezes the layer and all its sub-layers (their weights stop or resume getting grads)."""
        value = bool(value)
        self._trainable = value
        for variable in self._trainable_variables:
            variable.trainable = value
        for layer in self._layers:
            if isinstance(layer, Layer):
                layer.trainable = value
            else:
                layer.requires_grad_(value)

    def get_weights(self):
        """The weights' values as NumPy arrays, in `weights` order."""
        weights = self.weights
        if any(getattr(v, "_sharding", None) is not None for v in weights):  # ModelParallel: gathered whole
            return distribution_lib._whole_values(weights)
        # Copies, as in Keras: arrays that shared the weights' memory would change as training goes on.
        return [v.detach().to("cpu", copy=True).numpy() for v in weights]

    def set_weights(self, weights):
        """Sets the weights from NumPy arrays given in `weights` order, with Keras's shapes."""
        own = self.weights
        if len(weights) != len(own):
            raise ValueError(
                f"You called `set_weights(weights)` on layer '{self.name}' with a weight list of length "
                f"{len(weights)}, but the layer was expecting {len(own)} weights."
            )
        if any(getattr(v, "_sharding", None) is not None for v in own):  # ModelParallel: each keeps its slice
            return distribution_lib._set_whole_values(self, own, weights)
        for variable, value in zip(own, weights):
            value = np.asarray(value)
            if tuple(value.shape) != tuple(variable.shape):
                raise ValueError(
                    f"Layer '{self.name}' weight shape {tuple(variable.shape)} is not compatible with provided "
                    f"weight shape {tuple(value.shape)} (weight '{layer_utils.variable_path(variable)}')."
                )
        with torch.no_grad():
            for variable, value in zip(own, weights):
                variable.copy_(torch.as_tensor(np.asarray(value), dtype=variable.dtype))

    def count_params(self):
        """Total number of scalars in the layer's weights (whole weights under `ModelParallel`, where each process
        stores pieces)."""
        if not self.built:
            raise ValueError(
                f"You tried to call `count_params` on layer '{self.name}', but the layer isn't built. "
                "You can build it manually via: `layer.build(input_shape)`."
            )
        return summary_utils.count_params(self.weights)

    # ------------------------------------------------------------------ losses
    def add_loss(self, loss):
        """Adds a scalar loss (e.g. from inside `call`); collected in `losses` and added by the trainer."""
        self._losses.extend(tree.flatten(loss))
        call_context.losses_added = True

    @property
    def losses(self):
        """Losses added during the last call (this layer's and sub-layers'), plus weight regularization."""
        found = list(self._losses)
        for layer in self._flatten_layers(include_self=False):
            if isinstance(layer, Layer):
                found.extend(layer._losses)
        for layer in self._flatten_layers():
            if isinstance(layer, Layer) and layer.trainable:
                found.extend(v.regularizer(v) for v in layer._regularized if v.trainable)
        return found

    def _clear_losses(self):
        for layer in self._flatten_layers():
            if isinstance(layer, Layer):
                layer._losses.clear()

    # ------------------------------------------------------------------ masks
    @property
    def supports_masking(self):
        return self._supports_masking

    @supports_masking.setter
    def supports_masking(self, value):
        self._supports_masking = bool(value)

    def compute_mask(self, inputs, previous_mask):
        return previous_mask

    def _overrides_compute_mask(self):
        """Whether this class makes masks of its own (rather than passing the input's on)."""
        return type(self).compute_mask is not Layer.compute_mask

    # ------------------------------------------------------------------ input spec
    @property
    def input_spec(self):
        return self._input_spec

    @input_spec.setter
    def input_spec(self, value):
        self._input_spec = value

    # ------------------------------------------------------------------ build
    def build(self, input_shape=None):
        """Creates the weights once the input shape is known. The default creates none."""
        self.built = True

    def _maybe_build(self, args, kwargs):
        if self.built:
            return
        shapes = layer_utils.shapes_dict(self._call_signature(), args, kwargs)
        self._build_shapes_dict = shapes
        first_shape = next(iter(shapes.values()), None)
        with symbolic.real_tensors():
            if _is_overridden(self, "build"):
                build_params = inspect.signature(self.build).parameters
                if len(shapes) > 1 and all(k in build_params for k in shapes):
                    self.build(**shapes)
                else:
                    self.build(first_shape)
            else:
                self.build(first_shape)
        self.built = True

    def get_build_config(self):
        if self._build_shapes_dict is None:
            return None
        if len(self._build_shapes_dict) == 1:
            return {"input_shape": next(iter(self._build_shapes_dict.values()))}
        return {"shapes_dict": self._build_shapes_dict}

    def build_from_config(self, config):
        if not config:
            return
        if "input_shape" in config:
            self.build(config["input_shape"])
            self._build_shapes_dict = {"input_shape": config["input_shape"]}
        elif "shapes_dict" in config:
            self.build(**config["shapes_dict"])
            self._build_shapes_dict = dict(config["shapes_dict"])
        self.built = True

    # ------------------------------------------------------------------ calling
    @classmethod
    def _call_signature(cls):
        # A module-level cache, not a class attribute: torch.compile cannot read a class's `__dict__` once
        # anything it traces has mutated a dict, and would break the graph at every layer call.
        signature = _CALL_SIGNATURES.get(cls)
        if signature is None:
            signature = _CALL_SIGNATURES[cls] = _CallSignature(cls.call)
        return signature

    def call(self, *args, **kwargs):
        raise NotImplementedError(
            f"Layer {self.__class__.__name__} does not have a `call()` method implemented."
        )

    def forward(self, *args, **kwargs):
        return self.call(*args, **kwargs)

    def train(self, mode=True):
        """torch's mode switch; after it (or `eval()`), calls without `training` use this mode as chosen."""
        self.__dict__["_training_mode_chosen"] = True
        return super().train(mode)

    def __call__(self, *args, **kwargs):
        if len(args) == 1:
            if call_context.training is not None:
                if not kwargs:
                    outputs = self._nested_fast_call(args[0])
                    if outputs is not layer_utils.SLOW_PATH:
                        return outputs
            elif len(kwargs) == 1 and kwargs.get("training") is not None:
                outputs = self._entry_fast_call(args[0], kwargs["training"])
                if outputs is not layer_utils.SLOW_PATH:
                    return outputs
        if any_symbolic_tensors(args, kwargs):
            return self._symbolic_call(args, kwargs)
        signature = self._call_signature()
        if args:
            first = args[0]
            if not (isinstance(first, torch.Tensor) and (not first.is_floating_point() or first.dtype == self._compute_torch_dtype)):
                args = self._convert_inputs(args)
        elif not kwargs:
            raise ValueError(f"Layer '{self.name}' was called without inputs.")
        if kwargs:
            # NumPy keyword arguments (masks, attention masks, states) become tensors too, as Keras converts them.
            for key, value in kwargs.items():
                if isinstance(value, np.ndarray) and value.dtype.kind not in "USO":
                    tensor = torch.as_tensor(value, device=self._device())
                    kwargs[key] = tensor.to(self._compute_torch_dtype) if tensor.is_floating_point() else tensor
        if call_context.training is None and args:
            args = self._place_inputs(args)
        if not self.built:
            self._check_input_spec(args, kwargs)
            self._maybe_build(args, kwargs)
        if self._input_spec is not None:
            # A batch shaped like the last accepted one (batch size aside) needs no new check.
            first = args[0] if args else None
            key = (first.shape[1:], first.dtype) if isinstance(first, torch.Tensor) and first.dim() else None
            if key is None or key != self.__dict__.get("_accepted_input") or self.__dict__.get("_accepted_spec") is not self._input_spec:
                self._check_input_spec(args, kwargs)
                self.__dict__["_accepted_input"] = key
                self.__dict__["_accepted_spec"] = self._input_spec

        # Training: explicit > enclosing call > non-None signature default > torch module mode. When nothing
        # chose it (no argument anywhere, no `train()`/`eval()`), Keras passes `training=None` to a `call` whose
        # default is None (TorchModuleWrapper reads that as training mode); layers compute in inference mode.
        outer = call_context.training
        outer_unset = call_context.training_unset
        training = kwargs.get("training")
        unset = False
        if training is None:
            if outer is not None and not (outer_unset and signature.training_default is not None):
                training = outer
                unset = outer_unset
            elif signature.training_default is not None:
                training = signature.training_default
            else:
                training = self.training
                unset = not self.__dict__.get("_training_mode_chosen")
            if signature.accepts_training:
                kwargs["training"] = None if unset else training
        elif not signature.accepts_training:
            kwargs.pop("training")

        previous_mask = None
        if args:
            previous_mask = layer_utils.mask_of(args[0])
        if signature.named_masks:
            self._fill_named_masks(signature, args, kwargs)
        if signature.accepts_mask:
            if kwargs.get("mask") is None and previous_mask is not None:
                kwargs["mask"] = previous_mask
            elif kwargs.get("mask") is not None:
                previous_mask = kwargs["mask"]

        entry = outer is None
        if entry and call_context.losses_added:
            self._clear_losses()
            call_context.losses_added = False
        call_context.training = bool(training)
        call_context.training_unset = unset
        first_call = False
        if not self.__dict__.get("_called"):
            # Sub-layers built lazily inside the first call get this layer's name in their weight paths.
            self.__dict__["_called"] = True
            first_call = layer_utils.push_scope(self.name)
        try:
            scope = self._autocast_scope()
            if call_context.fake:
                with symbolic.fake_parameters(self), (scope or contextlib.nullcontext()):
                    outputs = super().__call__(*args, **kwargs)
            elif scope is None:
                outputs = super().__call__(*args, **kwargs)
            else:
                with scope:
                    outputs = super().__call__(*args, **kwargs)
        finally:
            if first_call:
                layer_utils.name_scope.pop()
            if entry:
                call_context.training = None
            else:
                call_context.training = outer
            call_context.training_unset = outer_unset

        if self.activity_regularizer is not None:
            self._add_activity_loss(outputs)
        if self._supports_masking:
            self._set_output_masks(args[0] if args else None, outputs, previous_mask)
        elif previous_mask is not None:
            warnings.warn(
                f"Layer '{self.name}' (of type {self.__class__.__name__}) was passed an input with a mask "
                "attached to it. However, this layer does not support masking and will therefore destroy the "
                "mask information. Downstream layers will not see the mask.",
                stacklevel=2,
            )
        return outputs

    def _convert_inputs(self, args):
        compute = self._compute_torch_dtype
        device = layer_utils.layer_device(self)

        def convert(x):
            if isinstance(x, torch.Tensor):
                if self.autocast and x.is_floating_point() and x.dtype != compute:
                    mask = getattr(x, "_keras_mask", None)
                    x = x.to(compute)
                    if mask is not None:
                        x._keras_mask = mask
                return x
            if isinstance(x, (np.ndarray, np.generic, float, int, bool)) and not isinstance(x, str):
                array = np.asarray(x)
                if array.dtype.kind in "USO":
                    return x  # text stays on the host for the string preprocessing layers
                floating = np.issubdtype(array.dtype, np.floating)
                tensor = torch.as_tensor(array)
                if floating:
                    tensor = tensor.to(compute)
                return device_lib.to_device(tensor, device)
            if isinstance(x, (list, tuple)) and x and all(isinstance(v, (int, float)) for v in x):
                return convert(np.asarray(x))
            return x

        return tuple(tree.map_structure(convert, arg) if tree.is_nested(arg) else convert(arg) for arg in args)

    @staticmethod
    def _fill_named_masks(signature, args, kwargs):
        """`query_mask=` and friends: for a call with several tensor arguments, each `<arg>_mask` parameter
        left empty takes the mask attached to `<arg>`, as Keras fills them."""
        bound = dict(zip(signature.positional_names, args))
        bound.update(kwargs)
        for name in signature.named_masks:
            if kwargs.get(f"{name}_mask") is None:
                mask = getattr(bound.get(name), "_keras_mask", None)
                if mask is not None:
                    kwargs[f"{name}_mask"] = mask

    # Shape inference runs the layer through this protocol even where a subclass wraps `__call__`.
    _call_protocol = __call__

    def _nested_fast_call(self, x):
        """A call nested in another layer's, on one plain tensor, with nothing for the steps above to do (no
        mask, no conversion, no new input shape, no hooks, no regularizer, no mixed precision): straight to
        `forward`. This is every Dense of an MLP in a training step; anything else returns `SLOW_PATH`."""
        if not self._plain_tensor_call(x):
            return layer_utils.SLOW_PATH
        if self._call_signature().accepts_training:
            if call_context.training_unset:
                return layer_utils.SLOW_PATH  # `training` to resolve as Keras does when nobody chose it
            return self.forward(x, training=call_context.training)
        return self.forward(x)

    def _entry_fast_call(self, x, training):
        """The outermost call with an explicit `training` (the trainer's steps, `predict`) on one plain tensor
        already on the layer's device, once the first call has named the weights: it only has to open and close
        the call context around `forward`. Anything else returns `SLOW_PATH`."""
        if not self.__dict__.get("_called") or not self._plain_tensor_call(x) or x.device != self._device():
            return layer_utils.SLOW_PATH
        if call_context.losses_added:
            self._clear_losses()
            call_context.losses_added = False
        call_context.training = bool(training)
        try:
            if self._call_signature().accepts_training:
                return self.forward(x, training=training)
            return self.forward(x)
        finally:
            call_context.training = None

    def _plain_tensor_call(self, x):
        """Whether calling on `x` needs none of `__call__`'s steps but training resolution (see the fast calls)."""
        if (
            type(x) is not torch.Tensor
            or not self.built
            or layer_utils.mixed_precision_seen[0]
            or self.activity_regularizer is not None
            or getattr(x, "_keras_mask", None) is not None
            or (x.is_floating_point() and x.dtype != self._compute_torch_dtype)
            or (self._supports_masking and self._overrides_compute_mask())
            or layer_utils.has_hooks(self)
        ):
            return False
        return self._input_spec is None or (
            (x.shape[1:], x.dtype) == self.__dict__.get("_accepted_input")
            and self.__dict__.get("_accepted_spec") is self._input_spec
        )

    def _autocast_scope(self):
        """Keras's autocast scope on torch.autocast: a mixed-precision layer computes in its compute dtype
        with float32 weights; a full-precision layer inside a mixed model computes in its own dtype."""
        device_type = self._device().type
        active = torch.is_autocast_enabled(device_type)
        if self._mixed:
            if active and torch.get_autocast_dtype(device_type) == self._compute_torch_dtype:
                return None
            return torch.autocast(device_type, dtype=self._compute_torch_dtype)
        if active:
            return torch.autocast(device_type, enabled=False)
        return None

    def _place_inputs(self, args):
        """At the outermost call, tensors on another device move to the layer's (pinned, non-blocking from
        CPU to CUDA), so a CUDA model accepts CPU data as Keras on torch does."""
        device = self._device()
        first = args[0]
        if isinstance(first, torch.Tensor) and first.device == device:
            return args

        def place(x):
            if not isinstance(x, torch.Tensor) or x.device == device:
                return x
            moved = device_lib.to_device(x, device)
            mask = getattr(x, "_keras_mask", None)
            if mask is not None:
                moved._keras_mask = device_lib.to_device(mask, device)
            return moved

        return tuple(tree.map_structure(place, arg) if tree.is_nested(arg) else place(arg) for arg in args)

    def _device(self):
        """The device of the layer's weights (cached; `.to()` and new weights clear the cache)."""
        device = self.__dict__.get("_device_cache")
        if device is None:
            device = layer_utils.layer_device(self)
            if next(self.parameters(), None) is not None:
                self.__dict__["_device_cache"] = device
        return device

    def _apply(self, fn, *args, **kwargs):
        self.__dict__.pop("_device_cache", None)
        return super()._apply(fn, *args, **kwargs)

    def _check_input_spec(self, args, kwargs):
        if self._input_spec is None:
            return
        first = args[0] if args else next(iter(kwargs.values()))
        input_spec_lib.assert_input_compatibility(self._input_spec, first, self.name)

    def _add_activity_loss(self, outputs):
        for output in tree.flatten(outputs):
            if isinstance(output, torch.Tensor) and not symbolic.is_fake(output):
                loss = self.activity_regularizer(output)
                if output.ndim > 0 and output.shape[0] > 0:
                    loss = loss / output.shape[0]
                self.add_loss(loss)

    def _set_output_masks(self, inputs, outputs, previous_mask):
        flat_outputs = tree.flatten(outputs)
        if all(getattr(x, "_keras_mask", None) is not None for x in flat_outputs):
            return
        masks = self.compute_mask(inputs, previous_mask)
        if masks is None:
            return
        for tensor, mask in zip(flat_outputs, tree.flatten(masks)):
            if mask is not None and isinstance(tensor, torch.Tensor) and getattr(tensor, "_keras_mask", None) is None:
                tensor._keras_mask = mask

    # ------------------------------------------------------------------ config
    def get_config(self):
        """The arguments that recreate this layer (without its weights)."""
        config = {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": dtype_policies.serialize(self._dtype_policy),
        }
        if self.activity_regularizer is not None:
            from kerastorch import regularizers

            config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        if type(self).get_config is not Layer.get_config or type(self) is Layer:
            return config
        auto_config = self.__dict__.get("_auto_config")
        if auto_config is None:
            raise NotImplementedError(
                f"Layer {self.__class__.__name__} has no get_config() method and its constructor arguments could "
                "not be serialized automatically. Override get_config() to return the arguments of __init__."
            )
        return {**auto_config, **config}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        try:
            return cls(**config)
        except TypeError as error:
            raise TypeError(
                f"Error when deserializing class '{cls.__name__}' using config={config}.\n\nException "
                f"encountered: {error}"
            ) from error

    # ------------------------------------------------------------------ graph helpers
    def _get_node_attribute(self, attribute, node_index=0):
        if not self._inbound_nodes:
            raise AttributeError(f"The layer '{self.name}' has never been called and thus has no defined {attribute}.")
        node = self._inbound_nodes[node_index]
        values = node.input_tensors if attribute == "input" else node.outputs
        return values[0] if len(values) == 1 else values

    @property
    def input(self):
        return self._get_node_attribute("input")

    @property
    def output(self):
        return self._get_node_attribute("output")

    def extra_repr(self):
        return f"name={self.name!r}"

    def __repr__(self):
        return f"<{self.__class__.__name__} name={self.name}, built={self.built}>"


