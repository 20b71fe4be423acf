"""keras.losses: what a model minimizes, as classes (configurable, reducible) and as plain functions.

Every loss is a `LossFunctionWrapper` around its function, so `keras.losses.MeanSquaredError()` and
`keras.losses.mean_squared_error` compute the same per-sample values. The Keras 2 short names (`mse`, `MAE`,
`kld`, `logcosh`, ...) are exported and accepted by `get` as well.
"""

import inspect

from kerastorch.losses.binary_crossentropy import BinaryCrossentropy
from kerastorch.losses.binary_crossentropy import binary_crossentropy
from kerastorch.losses.binary_focal_crossentropy import BinaryFocalCrossentropy
from kerastorch.losses.binary_focal_crossentropy import binary_focal_crossentropy
from kerastorch.losses.categorical_crossentropy import CategoricalCrossentropy
from kerastorch.losses.categorical_crossentropy import categorical_crossentropy
from kerastorch.losses.categorical_focal_crossentropy import CategoricalFocalCrossentropy
from kerastorch.losses.categorical_focal_crossentropy import categorical_focal_crossentropy
from kerastorch.losses.categorical_generalized_cross_entropy import CategoricalGeneralizedCrossEntropy
from kerastorch.losses.categorical_generalized_cross_entropy import categorical_generalized_cross_entropy
from kerastorch.losses.categorical_hinge import CategoricalHinge
from kerastorch.losses.categorical_hinge import categorical_hinge
from kerastorch.losses.circle import Circle
from kerastorch.losses.circle import circle
from kerastorch.losses.cosine_similarity import CosineSimilarity
from kerastorch.losses.cosine_similarity import cosine_similarity
from kerastorch.losses.ctc import CTC
from kerastorch.losses.ctc import ctc
from kerastorch.losses.dice import Dice
from kerastorch.losses.dice import dice
from kerastorch.losses.hinge import Hinge
from kerastorch.losses.hinge import hinge
from kerastorch.losses.huber import Huber
from kerastorch.losses.huber import huber
from kerastorch.losses.kl_divergence import KLDivergence
from kerastorch.losses.kl_divergence import kl_divergence
from kerastorch.losses.log_cosh import LogCosh
from kerastorch.losses.log_cosh import log_cosh
from kerastorch.losses.loss import Loss
from kerastorch.losses.loss_function_wrapper import LossFunctionWrapper
from kerastorch.losses.mean_absolute_error import MeanAbsoluteError
from kerastorch.losses.mean_absolute_error import mean_absolute_error
from kerastorch.losses.mean_absolute_percentage_error import MeanAbsolutePercentageError
from kerastorch.losses.mean_absolute_percentage_error import mean_absolute_percentage_error
from kerastorch.losses.mean_squared_error import MeanSquaredError
from kerastorch.losses.mean_squared_error import mean_squared_error
from kerastorch.losses.mean_squared_logarithmic_error import MeanSquaredLogarithmicError
from kerastorch.losses.mean_squared_logarithmic_error import mean_squared_logarithmic_error
from kerastorch.losses.poisson import Poisson
from kerastorch.losses.poisson import poisson
from kerastorch.losses.sparse_categorical_crossentropy import SparseCategoricalCrossentropy
from kerastorch.losses.sparse_categorical_crossentropy import sparse_categorical_crossentropy
from kerastorch.losses.squared_hinge import SquaredHinge
from kerastorch.losses.squared_hinge import squared_hinge
from kerastorch.losses.tversky import Tversky
from kerastorch.losses.tversky import tversky
from kerastorch.saving import object_registration
from kerastorch.saving import serialization_lib

# The Keras 2 short names, still common in scripts and in `compile(loss="mse")`.
bce = BCE = binary_crossentropy
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence = kl_divergence
logcosh = log_cosh

_CLASSES = (
    Loss,
    LossFunctionWrapper,
    KLDivergence,
    Poisson,
    BinaryCrossentropy,
    BinaryFocalCrossentropy,
    CategoricalCrossentropy,
    CategoricalFocalCrossentropy,
    CategoricalGeneralizedCrossEntropy,
    SparseCategoricalCrossentropy,
    MeanSquaredError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError,
    CosineSimilarity,
    LogCosh,
    Huber,
    Hinge,
    SquaredHinge,
    CategoricalHinge,
    Dice,
    Tversky,
    Circle,
    CTC,
)
_FUNCTIONS = (
    kl_divergence,
    poisson,
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    categorical_focal_crossentropy,
    categorical_generalized_cross_entropy,
    sparse_categorical_crossentropy,
    mean_squared_error,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_logarithmic_error,
    cosine_similarity,
    log_cosh,
    huber,
    hinge,
    squared_hinge,
    categorical_hinge,
    dice,
    tversky,
    circle,
    ctc,
)

# Every built-in loss class and function (Keras's `ALL_OBJECTS`; metrics use it to recognize losses).
ALL_OBJECTS = set(_CLASSES + _FUNCTIONS)

# The names `get("...")` and configs may use: class and function names, plus the short aliases.
ALL_OBJECTS_DICT = {obj.__name__: obj for obj in _CLASSES + _FUNCTIONS}
ALL_OBJECTS_DICT.update(
    {
        "bce": binary_crossentropy,
        "BCE": binary_crossentropy,
        "kld": kl_divergence,
        "KLD": kl_divergence,
        "kullback_leibler_divergence": kl_divergence,
        "logcosh": log_cosh,
        "mae": mean_absolute_error,
        "MAE": mean_absolute_error,
        "mse": mean_squared_error,
        "MSE": mean_squared_error,
        "mape": mean_absolute_percentage_error,
        "MAPE": mean_absolute_percentage_error,
        "msle": mean_squared_logarithmic_error,
        "MSLE": mean_squared_logarithmic_error,
    }
)


def serialize(loss):
    """The serialization dict of a `Loss` instance or a loss function."""
    return serialization_lib.serialize_keras_object(loss)


def deserialize(name, custom_objects=None):
    """The loss a serialization dict (or a name) describes.

    Args:
        name: A serialization dict, or the name of a loss class or function.
        custom_objects: Optional dict mapping names to custom classes and functions.
    """
    obj = serialization_lib.deserialize_keras_object(
        name, custom_objects=custom_objects, module_objects=ALL_OBJECTS_DICT
    )
    if isinstance(obj, str):
        raise ValueError(_unknown(name))
    return obj


def _unknown(identifier):
    return (
        "Could not interpret loss identifier. Expected a Loss instance, a loss function, a serialization dict, "
        f"or one of {sorted(ALL_OBJECTS_DICT, key=str.lower)}. Received: identifier={identifier!r}"
    )


def get(identifier):
    """Returns the loss for `identifier`.

    Args:
        identifier: None (returned as is); a name (`"categorical_crossentropy"` gives the function,
            `"CategoricalCrossentropy"` an instance with default arguments, `"mse"` the Keras 2 alias); a
            serialization dict such as `{"class_name": "CategoricalCrossentropy", "config": {"from_logits":
            True}}`; a `Loss` class (instantiated) or instance; or any callable `fn(y_true, y_pred)`.
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
        obj = obj()
    if callable(obj):
        return obj
    raise ValueError(_unknown(identifier))
