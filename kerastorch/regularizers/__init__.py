"""keras.regularizers: penalties on weights and activations, and `get` / `serialize` / `deserialize`.

Each class is also exported under its snake_case name (`l1` is `L1`, `l1_l2` is `L1L2`), as in Keras.
"""

import inspect

from kerastorch.regularizers.l1 import L1
from kerastorch.regularizers.l1_l2 import L1L2
from kerastorch.regularizers.l2 import L2
from kerastorch.regularizers.orthogonal_regularizer import OrthogonalRegularizer
from kerastorch.regularizers.regularizer import Regularizer
from kerastorch.saving import object_registration
from kerastorch.saving import serialization_lib
from kerastorch.utils.naming import to_snake_case

l1 = L1
l2 = L2
l1_l2 = L1L2
orthogonal_regularizer = OrthogonalRegularizer

_CLASSES = (Regularizer, L1, L2, L1L2, OrthogonalRegularizer)

# The names `get("...")` and configs may use: class names and their snake_case forms ("l1l2" for L1L2, as
# Keras derives it). "l1_l2", the name of the public alias, is accepted too, though real Keras's `get`
# rejects it.
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _CLASSES}
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls for cls in _CLASSES})
ALL_OBJECTS_DICT["l1_l2"] = L1L2


def serialize(regularizer):
    """The serialization dict of `regularizer`."""
    return serialization_lib.serialize_keras_object(regularizer)


def deserialize(config, custom_objects=None):
    """The regularizer a serialization dict (or a name) describes."""
    obj = serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects, module_objects=ALL_OBJECTS_DICT
    )
    if isinstance(obj, str):
        raise ValueError(_unknown(config))
    return obj


def _unknown(identifier):
    return (
        "Could not interpret regularizer identifier. Expected a Regularizer, a callable, a serialization dict "
        f"or one of {sorted(ALL_OBJECTS_DICT)}. Received: identifier={identifier!r}"
    )


def get(identifier):
    """Returns the regularizer for `identifier`.

    Args:
        identifier: None (returned as is), a name (`"l2"` gives `L2()` with its defaults), a serialization dict,
            a Regularizer class (instantiated) or instance, or any callable from a tensor to a scalar.
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
