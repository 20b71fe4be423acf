"""`Lambda`: wraps an arbitrary expression (a Python function of tensors) as a layer."""

import base64
import inspect
import marshal
import types

from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.layer import Layer
from kerastorch.saving import serialization_lib
from kerastorch.utils import tree


def _func_dump(fn):
    """`(code, defaults, closure)` of a Python function: its bytecode, marshalled and base64-encoded (the
    format Keras writes, so configs move between the two on the same Python version)."""
    code = base64.encodebytes(marshal.dumps(fn.__code__)).decode("ascii")
    closure = tuple(cell.cell_contents for cell in fn.__closure__) if fn.__closure__ else None
    return code, fn.__defaults__, closure


def _func_load(code, defaults=None, closure=None):
    """The function `_func_dump` described. Runs stored bytecode: call only on trusted configs."""
    if isinstance(defaults, list):
        defaults = tuple(defaults)
    if closure is not None:
        closure = tuple(types.CellType(value) for value in closure)
    code = marshal.loads(base64.decodebytes(code.encode("ascii")))
    return types.FunctionType(code, globals(), name=code.co_name, argdefs=defaults, closure=closure)


def _in_safe_mode():
    # lead: kerastorch.saving has no global safe mode yet (keras.config.enable_unsafe_deserialization).
    checker = getattr(serialization_lib, "in_safe_mode", None)
    return True if checker is None else checker()


def _map_shapes(fn, structure):
    """Applies `fn` to every shape (a tuple of ints / None) in a nested structure of shapes."""
    if isinstance(structure, (tuple, list)) and all(d is None or isinstance(d, int) for d in structure):
        return fn(tuple(structure))
    if isinstance(structure, dict):
        return {key: _map_shapes(fn, value) for key, value in structure.items()}
    return type(structure)(_map_shapes(fn, value) for value in structure)


def _is_lambda(fn):
    return isinstance(fn, types.LambdaType) and fn.__name__ == "<lambda>"


class Lambda(Layer):
    """Wraps a function of tensors as a layer, for quick stateless transformations in a model.

    The function must not create weights (they would not be tracked): write a `Layer` subclass for that. A
    Python `lambda` is saved as bytecode, which is neither portable across Python versions nor safe to load
    from untrusted files; prefer a named function registered with `keras.saving.register_keras_serializable`.

    Args:
        function: The function, called as `function(inputs, **arguments)` (plus `mask=` and `training=` when
            it declares them).
        output_shape: The output shape without the batch size (a tuple, or a function of the input shape);
            by default it is inferred by running `function` on fake tensors.
        mask: The output mask: None, a tensor, or a function `mask(inputs, previous_mask)`.
        arguments: Optional dict of extra keyword arguments for `function`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Example:

    >>> layer = keras.layers.Lambda(lambda x: x ** 2)
    >>> layer(torch.tensor([1.0, -2.0]))
    tensor([1., 4.])
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        if not callable(function):
            raise TypeError(
                f"Lambda layer '{self.name}': `function` must be callable. Received: function={function!r}"
            )
        self.arguments = arguments or {}
        self.function = function
        self.mask = mask
        self.supports_masking = mask is not None
        self._output_shape = output_shape
        try:
            parameters = inspect.signature(function).parameters
        except (TypeError, ValueError):
            parameters = {}
        self._fn_expects_training_arg = "training" in parameters
        self._fn_expects_mask_arg = "mask" in parameters
        self.built = True

    def call(self, inputs, mask=None, training=None):
        kwargs = dict(self.arguments)
        if self._fn_expects_mask_arg:
            kwargs["mask"] = mask
        if self._fn_expects_training_arg:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_mask(self, inputs, previous_mask=None):
        if callable(self.mask):
            return self.mask(inputs, previous_mask)
        return self.mask

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return super().compute_output_shape(input_shape)
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        batch_size = tree.flatten(input_shape)[0]
        return _map_shapes(lambda shape: (batch_size, *shape), self._output_shape)

    def compute_output_spec(self, *args, **kwargs):
        if self._output_shape is None or self.mask is not None:
            return super().compute_output_spec(*args, **kwargs)
        # A declared shape is trusted, as in Keras: the function may not run on fake tensors.
        shapes = tree.map_structure(lambda x: x.shape if isinstance(x, KerasTensor) else x, args[0])
        output_shape = self.compute_output_shape(shapes)
        return _map_shapes(lambda shape: KerasTensor(shape, dtype=self.compute_dtype), output_shape)

    def _serialize_function(self, fn):
        if _is_lambda(fn):
            code, defaults, closure = _func_dump(fn)
            return {"class_name": "__lambda__", "config": {"code": code, "defaults": defaults, "closure": closure}}
        if callable(fn):
            return serialization_lib.serialize_keras_object(fn)
        raise ValueError(f"Lambda layer '{self.name}' cannot serialize {fn!r} (of type {type(fn)}).")

    def get_config(self):
        config = {"function": self._serialize_function(self.function)}
        if self._output_shape is not None:
            shape = self._output_shape
            config["output_shape"] = self._serialize_function(shape) if callable(shape) else shape
        if self.mask is not None:
            mask = self.mask
            config["mask"] = (
                self._serialize_function(mask) if callable(mask) else serialization_lib.serialize_keras_object(mask)
            )
        config["arguments"] = serialization_lib.serialize_keras_object(self.arguments)
        return {**super().get_config(), **config}

    @classmethod
    def _load_function(cls, fn_config, safe_mode, custom_objects):
        if isinstance(fn_config, dict) and fn_config.get("class_name") == "__lambda__":
            if safe_mode:
                raise ValueError(
                    "Requested the deserialization of a `Lambda` layer whose function is a Python lambda, stored "
                    "as bytecode. Loading it runs that code, so it is disallowed by default. If you trust the "
                    "source of the config, pass `safe_mode=False` to the loading function. "
                    "Received: safe_mode=True"
                )
            inner = fn_config["config"]
            return _func_load(inner["code"], defaults=inner["defaults"], closure=inner["closure"])
        return serialization_lib.deserialize_keras_object(fn_config, custom_objects=custom_objects)

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=None):
        config = dict(config)
        safe_mode = (safe_mode if safe_mode is not None else _in_safe_mode()) is not False
        config["function"] = cls._load_function(config["function"], safe_mode, custom_objects)
        if "output_shape" in config:
            shape = config["output_shape"]
            if isinstance(shape, dict):
                shape = cls._load_function(shape, safe_mode, custom_objects)
            elif isinstance(shape, list) and all(isinstance(d, (int, type(None))) for d in shape):
                shape = tuple(shape)
            config["output_shape"] = shape
        if isinstance(config.get("mask"), dict):
            config["mask"] = cls._load_function(config["mask"], safe_mode, custom_objects)
        if "arguments" in config:
            config["arguments"] = serialization_lib.deserialize_keras_object(
                config["arguments"], custom_objects=custom_objects
            )
        return super().from_config(config)
