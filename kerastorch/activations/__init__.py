"""keras.activations: activation functions, and `get` / `serialize` / `deserialize` to name them in configs."""

import types

from kerastorch.activations.activations import celu
from kerastorch.activations.activations import elu
from kerastorch.activations.activations import exponential
from kerastorch.activations.activations import gelu
from kerastorch.activations.activations import glu
from kerastorch.activations.activations import hard_shrink
from kerastorch.activations.activations import hard_sigmoid
from kerastorch.activations.activations import hard_silu
from kerastorch.activations.activations import hard_swish
from kerastorch.activations.activations import hard_tanh
from kerastorch.activations.activations import leaky_relu
from kerastorch.activations.activations import linear
from kerastorch.activations.activations import log_sigmoid
from kerastorch.activations.activations import log_softmax
from kerastorch.activations.activations import mish
from kerastorch.activations.activations import relu
from kerastorch.activations.activations import relu6
from kerastorch.activations.activations import selu
from kerastorch.activations.activations import sigmoid
from kerastorch.activations.activations import silu
from kerastorch.activations.activations import soft_shrink
from kerastorch.activations.activations import softmax
from kerastorch.activations.activations import softplus
from kerastorch.activations.activations import softsign
from kerastorch.activations.activations import sparse_plus
from kerastorch.activations.activations import sparse_sigmoid
from kerastorch.activations.activations import sparsemax
from kerastorch.activations.activations import squareplus
from kerastorch.activations.activations import swish
from kerastorch.activations.activations import tanh
from kerastorch.activations.activations import tanh_shrink
from kerastorch.activations.activations import threshold
from kerastorch.saving import object_registration
from kerastorch.saving import serialization_lib

_BUILTINS = (
    celu, elu, exponential, gelu, glu, hard_shrink, hard_sigmoid, hard_silu, hard_tanh, leaky_relu, linear,
    log_sigmoid, log_softmax, mish, relu, relu6, selu, sigmoid, silu, soft_shrink, softmax, softplus, softsign,
    sparse_plus, sparse_sigmoid, sparsemax, squareplus, tanh, tanh_shrink, threshold,
)  # fmt: skip

# Every name a config may use for a built-in: the function names plus the two aliases Keras accepts.
ALL_OBJECTS_DICT = {fn.__name__: fn for fn in _BUILTINS}
ALL_OBJECTS_DICT["swish"] = silu
ALL_OBJECTS_DICT["hard_swish"] = hard_silu


def serialize(activation):
    """Returns what a config stores for `activation`.

    A built-in activation is stored as its name (`"relu"`), as Keras does; a registered or otherwise named
    custom function, or a callable object with `get_config()`, as a serialization dict.
    """
    config = serialization_lib.serialize_keras_object(activation)
    if not isinstance(activation, types.FunctionType) or not isinstance(config, dict):
        return config
    if ALL_OBJECTS_DICT.get(config.get("config")) is activation:
        return config["config"]
    # Keras writes every plain function the same way, the registered name (if any) in "config":
    # {"module": "builtins", "class_name": "function", "config": "package>name", "registered_name": "function"}.
    name = object_registration.get_registered_name(activation)
    return {"module": "builtins", "class_name": "function", "config": name, "registered_name": "function"}


def deserialize(config, custom_objects=None):
    """Returns the activation function a config (a name or a serialization dict) describes."""
    fn = serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects, module_objects=ALL_OBJECTS_DICT
    )
    if not callable(fn):
        raise ValueError(
            f"Unknown activation function: {config!r}. Expected one of {sorted(ALL_OBJECTS_DICT)}, or a custom "
            "function registered with `keras.saving.register_keras_serializable()` or passed in `custom_objects`. "
            f"Received: config={config!r}"
        )
    return fn


def get(identifier):
    """Returns the activation function for `identifier`.

    Args:
        identifier: None (the identity, `linear`), the name of a built-in (`"relu"`), a serialization dict, or
            a callable, returned as is.
    """
    if identifier is None:
        return linear
    if isinstance(identifier, dict):
        fn = deserialize(identifier)
    elif isinstance(identifier, str):
        fn = ALL_OBJECTS_DICT.get(identifier)
        if fn is None:
            # Beyond Keras: a name registered with register_keras_serializable also resolves.
            fn = object_registration.get_registered_object(identifier)
    else:
        fn = identifier
    if callable(fn):
        return fn
    raise ValueError(
        f"Could not interpret activation function identifier. Expected a callable, a serialization dict or one "
        f"of {sorted(ALL_OBJECTS_DICT)}. Received: identifier={identifier!r}"
    )
