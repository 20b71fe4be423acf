"""Keras's object serialization format: `{"module", "class_name", "config", "registered_name"}` dicts.

The same dicts real Keras 3 writes, so configs and `.keras` files move between the two. Built-in objects are
found again through kerastorch's public namespaces (`keras.layers` -> `kerastorch.layers`), so there is no
second registry to keep in sync; custom ones through `register_keras_serializable` or `custom_objects`.
"""

import importlib
import inspect
import types

import numpy as np

from kerastorch.saving import object_registration

# Public namespace a built-in class is serialized under, by the kerastorch sub-package that defines it.
_PUBLIC_MODULE_BY_PACKAGE = {
    "layers": "keras.layers",
    "models": "keras",
    "initializers": "keras.initializers",
    "regularizers": "keras.regularizers",
    "constraints": "keras.constraints",
    "activations": "keras.activations",
    "optimizers": "keras.optimizers",
    "losses": "keras.losses",
    "metrics": "keras.metrics",
    "callbacks": "keras.callbacks",
    "dtype_policies": "keras",
    "backend": "keras",
}


class SafeModeScope:
    """Within the block, deserialization refuses (True) or allows (False) objects that carry Python code."""

    def __init__(self, safe_mode=True):
        self.safe_mode = safe_mode

    def __enter__(self):
        self._previous = _safe_mode["value"]
        if self.safe_mode is not None:
            _safe_mode["value"] = self.safe_mode
        return self

    def __exit__(self, *exc):
        _safe_mode["value"] = self._previous


_safe_mode = {"value": None}


def in_safe_mode():
    """Whether code-carrying objects (Lambda bytecode) must be refused: True unless a scope or
    `keras.config.enable_unsafe_deserialization()` says otherwise."""
    from kerastorch import config

    if config.unsafe_deserialization_enabled():
        return False
    return True if _safe_mode["value"] is None else _safe_mode["value"]


def public_module_of(cls):
    """The Keras module name a kerastorch class is serialized under, or None for user classes."""
    explicit = cls.__dict__.get("_keras_module")
    if explicit:
        return explicit
    parts = cls.__module__.split(".")
    if parts[0] != "kerastorch":
        return None
    if len(parts) > 1 and parts[1] in _PUBLIC_MODULE_BY_PACKAGE:
        return _PUBLIC_MODULE_BY_PACKAGE[parts[1]]
    return "keras"


def serialize_keras_object(obj):
    """Returns a JSON-friendly description of `obj` that `deserialize_keras_object` turns back into it."""
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, (list, tuple)):
        items = [serialize_keras_object(x) for x in obj]
        return tuple(items) if isinstance(obj, tuple) else items
    if isinstance(obj, dict):
        return {key: serialize_keras_object(value) for key, value in obj.items()}
    if isinstance(obj, (np.generic,)):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return {"class_name": "__numpy__", "config": {"value": obj.tolist(), "dtype": obj.dtype.name}}
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "config": {"value": obj.decode("utf-8")}}
    if isinstance(obj, types.FunctionType) and obj.__name__ == "<lambda>":
        raise ValueError(
            "A lambda cannot be serialized by name. Wrap it in a `keras.layers.Lambda` layer, or give it a name "
            f"with `def` and register it with `keras.saving.register_keras_serializable`. Received: {obj}"
        )
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        registered = object_registration._GLOBAL_CUSTOM_NAMES.get(obj)
        return {
            "module": "builtins",
            "class_name": "function",
            "config": registered or obj.__name__,
            "registered_name": "function",
        }
    if inspect.isclass(obj):
        return {"module": public_module_of(obj), "class_name": "type", "config": obj.__name__, "registered_name": None}
    if hasattr(obj, "get_config"):
        cls = obj.__class__
        module = public_module_of(cls)
        registered = cls.__dict__.get("_keras_registered_name") or (
            None if module else object_registration.get_registered_name(cls)
        )
        config = serialize_keras_object(obj.get_config())
        class_name = cls.__dict__.get("_keras_class_name") or cls.__name__
        result = {"module": module, "class_name": class_name, "config": config, "registered_name": registered}
        build_config = getattr(obj, "get_build_config", None)
        if build_config is not None:
            built = build_config()
            if built is not None:
                result["build_config"] = built
        compile_config = getattr(obj, "get_compile_config", None)
        if compile_config is not None:
            result["compile_config"] = serialize_keras_object(compile_config())
        return result
    raise TypeError(
        f"Cannot serialize an object of type {type(obj).__name__}: it has no get_config() method. Received: {obj!r}"
    )


def _find_class(config, custom_objects, module_objects):
    class_name = config["class_name"]
    registered = config.get("registered_name")
    for name in (registered, class_name):
        if name:
            found = object_registration.get_registered_object(name, custom_objects, module_objects)
            if found is not None:
                return found
    module = config.get("module")
    if module and (module == "keras" or module.startswith("keras.")):
        for namespace in _namespaces_for(module):
            found = getattr(namespace, class_name, None)
            if found is not None:
                return found
    raise ValueError(
        f"Could not locate class '{class_name}'. Make sure custom classes are decorated with "
        "`@keras.saving.register_keras_serializable()` or passed in `custom_objects`. "
        f"Received: module={module!r}, registered_name={registered!r}"
    )


def _namespaces_for(module):
    """kerastorch's public namespaces to search for a class Keras serialized under `module`. Keras writes
    public names (`keras.layers`) and, for some classes, private ones (`keras.src.models.functional`)."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] == "src":
        parts = parts[:1] + parts[2:3]
    candidates = ["kerastorch" + ("." + ".".join(parts[1:]) if len(parts) > 1 else ""), "kerastorch",
                  "kerastorch.layers", "kerastorch.models"]
    # Backend-specific classes (`keras.src.backend.torch.optimizers.torch_adam.Adam`) are public elsewhere.
    candidates += ["kerastorch." + name for name in ("optimizers", "losses", "metrics", "initializers",
                                                     "regularizers", "constraints", "dtype_policies")]
    found = []
    for name in candidates:
        try:
            found.append(importlib.import_module(name))
        except ImportError:
            continue
    return found


def deserialize_keras_object(config, custom_objects=None, module_objects=None, safe_mode=True, **kwargs):
    """Turns the output of `serialize_keras_object` (or a plain name string) back into an object.

    As in Keras, an enclosing `SafeModeScope` decides over `safe_mode`, so the objects a model's
    `from_config` deserializes inherit the choice made for the whole file.
    """
    if _safe_mode["value"] is not None:
        safe_mode = _safe_mode["value"]
    if config is None or isinstance(config, (bool, int, float)):
        return config
    if isinstance(config, (list, tuple)):
        return [deserialize_keras_object(x, custom_objects, module_objects, safe_mode) for x in config]
    if isinstance(config, str):
        found = object_registration.get_registered_object(config, custom_objects, module_objects)
        if found is None:
            return config
        return found() if inspect.isclass(found) else found
    if not isinstance(config, dict):
        raise TypeError(f"Cannot deserialize an object of type {type(config).__name__}. Received: {config!r}")
    if "class_name" not in config or "config" not in config:
        return {k: deserialize_keras_object(v, custom_objects, module_objects, safe_mode) for k, v in config.items()}
    class_name, inner = config["class_name"], config["config"]
    if class_name == "__numpy__":
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__bytes__":
        return inner["value"].encode("utf-8")
    if class_name == "__tuple__":
        return tuple(deserialize_keras_object(x, custom_objects, module_objects, safe_mode) for x in inner["value"])
    if class_name == "function":
        name = config.get("registered_name") or inner
        found = object_registration.get_registered_object(name, custom_objects, module_objects)
        if found is None and config.get("module") in (None, "builtins", "keras.activations"):
            found = object_registration.get_registered_object(inner, custom_objects, module_objects)
        if found is None:
            from kerastorch import activations

            found = getattr(activations, inner, None)
        if found is None:
            raise ValueError(f"Could not locate function '{inner}'. Pass it in `custom_objects`. Received: {config!r}")
        return found
    cls = _find_class(config, custom_objects, module_objects)
    if class_name == "type":
        return cls
    if not hasattr(cls, "from_config"):
        raise TypeError(f"Class '{class_name}' has no from_config() method and cannot be rebuilt from a config.")
    with object_registration.CustomObjectScope(custom_objects or {}), SafeModeScope(safe_mode):
        obj = cls.from_config(inner)
    build_config = config.get("build_config")
    if build_config and hasattr(obj, "build_from_config"):
        obj.build_from_config(build_config)
    return obj
