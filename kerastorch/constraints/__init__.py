"""keras.constraints: projections applied to weights after each update, and `get` / `serialize` / `deserialize`.

Each class is also exported under its snake_case name (`max_norm` is `MaxNorm`), as in Keras.
"""

import inspect

from kerastorch.constraints.constraint import Constraint
from kerastorch.constraints.max_norm import MaxNorm
from kerastorch.constraints.min_max_norm import MinMaxNorm
from kerastorch.constraints.non_neg import NonNeg
from kerastorch.constraints.unit_norm import UnitNorm
from kerastorch.saving import object_registration
from kerastorch.saving import serialization_lib
from kerastorch.utils.naming import to_snake_case

max_norm = MaxNorm
min_max_norm = MinMaxNorm
non_neg = NonNeg
unit_norm = UnitNorm

_CLASSES = (Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm)

# The names `get("...")` and configs may use: class names and their snake_case forms.
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _CLASSES}
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls for cls in _CLASSES})


def serialize(constraint):
    """The serialization dict of `constraint`."""
    return serialization_lib.serialize_keras_object(constraint)


def deserialize(config, custom_objects=None):
    """The constraint a serialization dict (or a name) describes."""
    obj = serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects, module_objects=ALL_OBJECTS_DICT
    )
    if isinstance(obj, str):
        raise ValueError(_unknown(config))
    return obj


def _unknown(identifier):
    return (
        "Could not interpret constraint identifier. Expected a Constraint, a callable, a serialization dict or "
        f"one of {sorted(ALL_OBJECTS_DICT)}. Received: identifier={identifier!r}"
    )


def get(identifier):
    """Returns the constraint for `identifier`.

    Args:
        identifier: None (returned as is), a name (`"max_norm"` gives `MaxNorm()` with its defaults), a
            serialization dict, a Constraint class (instantiated) or instance, or any callable on a tensor.
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = ALL_OBJECTS_DICT.get(identifier) or object_registration.get_registered_object(identifier)
    else:
        obj = identifier
    if inspect.isclass(obj):
        return obj()
    if callable(obj):
        return obj
    raise ValueError(_unknown(identifier))
