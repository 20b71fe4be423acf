"""keras.initializers: what a weight starts from, and `get` / `serialize` / `deserialize` to name it in configs.

Each class is also exported under its snake_case name (`glorot_uniform` is `GlorotUniform`), as in Keras.
"""

import inspect

import numpy as np
import torch

from kerastorch.backend.device import get_device
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.initializers.constant import Constant
from kerastorch.initializers.glorot_normal import GlorotNormal
from kerastorch.initializers.glorot_uniform import GlorotUniform
from kerastorch.initializers.he_normal import HeNormal
from kerastorch.initializers.he_uniform import HeUniform
from kerastorch.initializers.identity import Identity
from kerastorch.initializers.initializer import Initializer
from kerastorch.initializers.lecun_normal import LecunNormal
from kerastorch.initializers.lecun_uniform import LecunUniform
from kerastorch.initializers.ones import Ones
from kerastorch.initializers.orthogonal import Orthogonal
from kerastorch.initializers.random_normal import RandomNormal
from kerastorch.initializers.random_uniform import RandomUniform
from kerastorch.initializers.stft import STFT
from kerastorch.initializers.truncated_normal import TruncatedNormal
from kerastorch.initializers.variance_scaling import VarianceScaling
from kerastorch.initializers.zeros import Zeros
from kerastorch.saving import serialization_lib
from kerastorch.utils.naming import to_snake_case

constant = Constant
glorot_normal = GlorotNormal
glorot_uniform = GlorotUniform
he_normal = HeNormal
he_uniform = HeUniform
identity = Identity
lecun_normal = LecunNormal
lecun_uniform = LecunUniform
ones = Ones
orthogonal = Orthogonal
random_normal = RandomNormal
random_uniform = RandomUniform
stft = STFT
truncated_normal = TruncatedNormal
variance_scaling = VarianceScaling
zeros = Zeros
IdentityInitializer = Identity
OrthogonalInitializer = Orthogonal
STFTInitializer = STFT

_CLASSES = (
    Initializer, Constant, Identity, Ones, STFT, Zeros, GlorotNormal, GlorotUniform, HeNormal, HeUniform,
    LecunNormal, LecunUniform, Orthogonal, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling,
)  # fmt: skip

# Every name a config or a `get("...")` may use: class names, their snake_case forms and Keras's older aliases.
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _CLASSES}
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls for cls in _CLASSES})
ALL_OBJECTS_DICT.update(
    {
        "IdentityInitializer": Identity,
        "OrthogonalInitializer": Orthogonal,
        "STFTInitializer": STFT,
        "normal": RandomNormal,
        "uniform": RandomUniform,
        "one": Ones,
        "zero": Zeros,
    }
)


def serialize(initializer):
    """The serialization dict of `initializer` (`{"module", "class_name", "config", "registered_name"}`)."""
    return serialization_lib.serialize_keras_object(initializer)


def deserialize(config, custom_objects=None):
    """The initializer a serialization dict (or a name) describes."""
    obj = serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects, module_objects=ALL_OBJECTS_DICT
    )
    if isinstance(obj, str):
        raise ValueError(_unknown(config))
    return obj


def _unknown(identifier):
    return (
        "Could not interpret initializer identifier. Expected an Initializer, a callable, a tensor, a "
        f"serialization dict or one of {sorted(ALL_OBJECTS_DICT)}. Received: identifier={identifier!r}"
    )


def _from_values(values):
    """An initializer that returns the given tensor or array (cast to the requested dtype) for its own shape."""
    values = torch.as_tensor(values)

    def initialize_fn(shape, dtype=None):
        if tuple(shape) != tuple(values.shape):
            raise ValueError(
                f"Expected `shape` to be {tuple(values.shape)} for direct tensor as initializer. "
                f"Received: shape={tuple(shape)}"
            )
        return values.to(device=get_device(), dtype=to_torch_dtype(dtype), copy=True)

    return initialize_fn


def get(identifier):
    """Returns the initializer for `identifier`.

    Args:
        identifier: None (returned as is), a name (`"glorot_uniform"`, `"Zeros"`, ...), a serialization dict,
            an Initializer class (instantiated with its defaults) or instance, any callable taking
            `(shape, dtype=None)`, or a tensor or NumPy array whose values the weight starts from.
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        try:
            obj = deserialize({"class_name": identifier, "config": {}})
        except ValueError:
            raise ValueError(_unknown(identifier)) from None
    elif isinstance(identifier, (torch.Tensor, np.ndarray, np.generic)):
        obj = _from_values(identifier)
    else:
        obj = identifier
    if inspect.isclass(obj):
        return obj()
    if callable(obj):
        return obj
    raise ValueError(_unknown(identifier))
