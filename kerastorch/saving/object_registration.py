"""Custom objects: `register_keras_serializable`, `custom_object_scope` and the global custom-object table.

Configs name a class; these tables turn the name back into the class when the class is not one of
kerastorch's public ones.
"""

import inspect
import threading

_GLOBAL_CUSTOM_OBJECTS = {}
_GLOBAL_CUSTOM_NAMES = {}
_scopes = threading.local()


def register_keras_serializable(package="Custom", name=None):
    """Registers a class or function under `"package>name"` so configs that name it can be loaded."""

    def decorator(arg):
        class_name = name if name is not None else arg.__name__
        registered_name = f"{package}>{class_name}"
        if inspect.isclass(arg) and not hasattr(arg, "get_config"):
            raise ValueError(
                f"Cannot register a class that does not have a get_config() method. Received: {arg.__name__}"
            )
        _GLOBAL_CUSTOM_OBJECTS[registered_name] = arg
        _GLOBAL_CUSTOM_NAMES[arg] = registered_name
        return arg

    return decorator


def get_registered_name(obj):
    """The name `obj` was registered under, else its own name."""
    if obj in _GLOBAL_CUSTOM_NAMES:
        return _GLOBAL_CUSTOM_NAMES[obj]
    return obj.__name__


def get_custom_objects():
    """The global (mutable) table of custom objects, keyed by registered name."""
    return _GLOBAL_CUSTOM_OBJECTS


def _scope_stack():
    if not hasattr(_scopes, "stack"):
        _scopes.stack = []
    return _scopes.stack


def get_registered_object(name, custom_objects=None, module_objects=None):
    """Looks `name` up in, in order: active custom-object scopes, the global table, `custom_objects`,
    then `module_objects`; None when absent."""
    for scope in reversed(_scope_stack()):
        if name in scope:
            return scope[name]
    if name in _GLOBAL_CUSTOM_OBJECTS:
        return _GLOBAL_CUSTOM_OBJECTS[name]
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    if module_objects and name in module_objects:
        return module_objects[name]
    return None


class CustomObjectScope:
    """Within `with custom_object_scope({"name": obj})`, configs that name `name` resolve to `obj`."""

    def __init__(self, custom_objects):
        self.custom_objects = dict(custom_objects or {})

    def __enter__(self):
        _scope_stack().append(self.custom_objects)
        return self

    def __exit__(self, *exc):
        _scope_stack().pop()


custom_object_scope = CustomObjectScope
