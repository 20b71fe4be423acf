"""keras.metrics: stateful metrics that accumulate on the device, and `get` / `serialize` / `deserialize`.

Every metric folds batches into its state with in-place torch ops (no host-device sync); the value is read
with `result()`. `resolve_metric` is how `compile(metrics=[...])` turns names such as `"accuracy"` into metric
objects, choosing by the shapes of the targets and predictions as Keras 3 does.

The per-sample loss functions Keras also exports here (`keras.metrics.mean_squared_error`, ...) are
`kerastorch.losses`' own, looked up on first access.
"""

import inspect

from kerastorch.metrics import accuracy_functions
from kerastorch.metrics import correlation_functions
from kerastorch.metrics.accuracy import Accuracy
from kerastorch.metrics.auc import AUC
from kerastorch.metrics.binary_accuracy import BinaryAccuracy
from kerastorch.metrics.binary_crossentropy import BinaryCrossentropy
from kerastorch.metrics.binary_iou import BinaryIoU
from kerastorch.metrics.categorical_accuracy import CategoricalAccuracy
from kerastorch.metrics.categorical_crossentropy import CategoricalCrossentropy
from kerastorch.metrics.categorical_hinge import CategoricalHinge
from kerastorch.metrics.concordance_correlation import ConcordanceCorrelation
from kerastorch.metrics.cosine_similarity import CosineSimilarity
from kerastorch.metrics.f1_score import F1Score
from kerastorch.metrics.f_beta_score import FBetaScore
from kerastorch.metrics.false_negatives import FalseNegatives
from kerastorch.metrics.false_positives import FalsePositives
from kerastorch.metrics.hinge import Hinge
from kerastorch.metrics.iou import IoU
from kerastorch.metrics.kl_divergence import KLDivergence
from kerastorch.metrics.log_cosh_error import LogCoshError
from kerastorch.metrics.mean import Mean
from kerastorch.metrics.mean_absolute_error import MeanAbsoluteError
from kerastorch.metrics.mean_absolute_percentage_error import MeanAbsolutePercentageError
from kerastorch.metrics.mean_iou import MeanIoU
from kerastorch.metrics.mean_metric_wrapper import MeanMetricWrapper
from kerastorch.metrics.mean_squared_error import MeanSquaredError
from kerastorch.metrics.mean_squared_logarithmic_error import MeanSquaredLogarithmicError
from kerastorch.metrics.metric import Metric
from kerastorch.metrics.one_hot_iou import OneHotIoU
from kerastorch.metrics.one_hot_mean_iou import OneHotMeanIoU
from kerastorch.metrics.pearson_correlation import PearsonCorrelation
from kerastorch.metrics.poisson import Poisson
from kerastorch.metrics.precision import Precision
from kerastorch.metrics.precision_at_recall import PrecisionAtRecall
from kerastorch.metrics.r2_score import R2Score
from kerastorch.metrics.recall import Recall
from kerastorch.metrics.recall_at_precision import RecallAtPrecision
from kerastorch.metrics.root_mean_squared_error import RootMeanSquaredError
from kerastorch.metrics.sensitivity_at_specificity import SensitivityAtSpecificity
from kerastorch.metrics.sparse_categorical_accuracy import SparseCategoricalAccuracy
from kerastorch.metrics.sparse_categorical_crossentropy import SparseCategoricalCrossentropy
from kerastorch.metrics.sparse_top_k_categorical_accuracy import SparseTopKCategoricalAccuracy
from kerastorch.metrics.specificity_at_sensitivity import SpecificityAtSensitivity
from kerastorch.metrics.squared_hinge import SquaredHinge
from kerastorch.metrics.sum import Sum
from kerastorch.metrics.top_k_categorical_accuracy import TopKCategoricalAccuracy
from kerastorch.metrics.true_negatives import TrueNegatives
from kerastorch.metrics.true_positives import TruePositives
from kerastorch.saving import object_registration
from kerastorch.saving import serialization_lib
from kerastorch.utils.naming import to_snake_case

_CLASSES = (
    Metric, Mean, Sum, MeanMetricWrapper,
    MeanSquaredError, RootMeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError, CosineSimilarity, LogCoshError, R2Score,
    AUC, FalseNegatives, FalsePositives, Precision, PrecisionAtRecall, Recall, RecallAtPrecision,
    SensitivityAtSpecificity, SpecificityAtSensitivity, TrueNegatives, TruePositives,
    ConcordanceCorrelation, PearsonCorrelation,
    Hinge, SquaredHinge, CategoricalHinge,
    KLDivergence, Poisson, BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy,
    Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, TopKCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
    F1Score, FBetaScore,
    IoU, BinaryIoU, MeanIoU, OneHotIoU, OneHotMeanIoU,
)  # fmt: skip

# The names `get("...")` and configs may use: class names, their snake_case forms (so "binary_accuracy" is
# the class, as in Keras) and Keras's abbreviations.
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _CLASSES}
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls for cls in _CLASSES})
ALL_OBJECTS_DICT.update(
    {
        "bce": BinaryCrossentropy,
        "BCE": BinaryCrossentropy,
        "mse": MeanSquaredError,
        "MSE": MeanSquaredError,
        "mae": MeanAbsoluteError,
        "MAE": MeanAbsoluteError,
        "mape": MeanAbsolutePercentageError,
        "MAPE": MeanAbsolutePercentageError,
        "msle": MeanSquaredLogarithmicError,
        "MSLE": MeanSquaredLogarithmicError,
    }
)

# Per-sample functions Keras re-exports from keras.losses; served from kerastorch.losses on first access.
_LOSS_FUNCTIONS = (
    "binary_crossentropy",
    "binary_focal_crossentropy",
    "categorical_crossentropy",
    "categorical_focal_crossentropy",
    "categorical_hinge",
    "hinge",
    "huber",
    "kl_divergence",
    "log_cosh",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_error",
    "mean_squared_logarithmic_error",
    "poisson",
    "sparse_categorical_crossentropy",
    "squared_hinge",
)
# Keyed by string: the submodules named like these functions rebind the imported names.
_METRIC_FUNCTIONS = {
    "binary_accuracy": accuracy_functions.binary_accuracy,
    "categorical_accuracy": accuracy_functions.categorical_accuracy,
    "sparse_categorical_accuracy": accuracy_functions.sparse_categorical_accuracy,
    "top_k_categorical_accuracy": accuracy_functions.top_k_categorical_accuracy,
    "sparse_top_k_categorical_accuracy": accuracy_functions.sparse_top_k_categorical_accuracy,
    "pearson_correlation": correlation_functions.pearson_correlation,
    "concordance_correlation": correlation_functions.concordance_correlation,
}

# Names `compile(metrics=[...])` resolves from the shapes of targets and predictions.
_ACCURACY_NAMES = ("accuracy", "acc")
_CROSSENTROPY_NAMES = ("crossentropy", "ce")


# Files are named after their classes, so some submodules (`binary_accuracy.py`, `hinge.py`, ...) carry the
# names of Keras's metric functions and would shadow them as package attributes: bind the functions
# explicitly, and drop the loss-named submodule bindings so `__getattr__` serves the loss functions.
globals().update(_METRIC_FUNCTIONS)
for _name in _LOSS_FUNCTIONS:
    globals().pop(_name, None)
del _name


def __getattr__(name):
    if name in _LOSS_FUNCTIONS:
        from kerastorch import losses

        return getattr(losses, name)
    raise AttributeError(f"module 'kerastorch.metrics' has no attribute '{name}'")


def _function_objects():
    """Every metric function a config may name: the accuracy and correlation functions and the losses'."""
    found = dict(_METRIC_FUNCTIONS)
    try:
        from kerastorch import losses
    except ImportError:
        return found
    for name in _LOSS_FUNCTIONS:
        fn = getattr(losses, name, None)
        if fn is not None:
            found[name] = fn
    return found


def serialize(metric):
    """Serializes a metric function or `Metric` instance to its config dict.

    Args:
        metric: A Keras `Metric` instance or a metric function.

    Returns:
        Metric configuration dictionary.
    """
    return serialization_lib.serialize_keras_object(metric)


def deserialize(config, custom_objects=None):
    """Deserializes a serialized metric class/function instance.

    Args:
        config: Metric configuration (a dict, or a name).
        custom_objects: Optional dictionary mapping names (strings) to custom objects (classes and functions)
            to be considered during deserialization.

    Returns:
        A Keras `Metric` instance or a metric function.
    """
    if isinstance(config, dict) and config.get("class_name") == "function":
        # A function's config names the function: "categorical_accuracy" is also the snake_case name of the
        # CategoricalAccuracy class, which must not win here. (Real Keras 3.15 fails on these configs.)
        module_objects = _function_objects()
    else:
        module_objects = {**_function_objects(), **ALL_OBJECTS_DICT}
    return serialization_lib.deserialize_keras_object(
        config, module_objects=module_objects, custom_objects=custom_objects
    )


def _unknown(identifier):
    return (
        "Could not interpret metric identifier. Expected a Metric instance or class, a metric function, a "
        f"serialization dict or one of {sorted(ALL_OBJECTS_DICT)}. Received: identifier={identifier!r}"
    )


def get(identifier):
    """Retrieves a Keras metric as a `function` / `Metric` class instance.

    Args:
        identifier: A metric identifier. One of None (returned as is), the string name of a metric class
            (`"CategoricalAccuracy"`, `"categorical_accuracy"`, `"mse"`: an instance with default arguments),
            a serialization dict (`{"class_name": "AUC", "config": {"curve": "PR"}}`), a metric class
            (instantiated), a metric function or a `Metric` instance (returned as is).

    Returns:
        A Keras metric as a `function` / `Metric` class instance.
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = ALL_OBJECTS_DICT.get(identifier) or object_registration.get_registered_object(identifier)
    else:
        obj = identifier
    if callable(obj):
        return obj() if inspect.isclass(obj) else obj
    raise ValueError(_unknown(identifier))


def is_binary_or_sparse_categorical(y_true_shape, y_pred_shape):
    """`(is_binary, is_sparse_categorical)` for targets / predictions of these shapes, as Keras 3 decides it.

    Binary: one prediction per sample (last axis 1). Sparse categorical: the targets have lower rank than the
    predictions, or a last axis of 1 against several classes.
    """
    y_true_shape, y_pred_shape = tuple(y_true_shape), tuple(y_pred_shape)
    y_t_last_dim = y_true_shape[-1] if y_true_shape else None
    y_p_last_dim = y_pred_shape[-1] if y_pred_shape else None
    is_binary = y_p_last_dim == 1
    is_sparse_categorical = len(y_true_shape) < len(y_pred_shape) or (
        y_t_last_dim == 1 and y_p_last_dim is not None and y_p_last_dim > 1
    )
    return is_binary, is_sparse_categorical


def resolve_metric(identifier, y_true_shape, y_pred_shape, loss=None):
    """Turns one entry of `compile(metrics=[...])` into a `Metric` object, as Keras 3's `compile` does.

    `"accuracy"` / `"acc"` (any case) become `BinaryAccuracy` when predictions have a last axis of 1,
    `SparseCategoricalAccuracy` when targets are class indices (lower rank than the predictions, or a last
    axis of 1 against several classes), and `CategoricalAccuracy` otherwise. `"crossentropy"` / `"ce"`
    become the matching `BinaryCrossentropy`, `SparseCategoricalCrossentropy` or `CategoricalCrossentropy`
    metric by the same rule (the rule Keras 3 applies to these names as losses; Keras 3's `compile` rejects
    them as metrics). Anything else goes through `get()`; a plain function is wrapped in
    `MeanMetricWrapper`. The metric is named after the string given, else after the object (`mse` stays
    `"mse"`, as in Keras's logs).

    Args:
        identifier: A metric name, config dict, class, function or `Metric` instance.
        y_true_shape: Shape of the targets of the output the metric is for (a tuple or torch.Size).
        y_pred_shape: Shape of that output's predictions.
        loss: The output's loss, accepted for the trainer's convenience. Keras 3 resolves `"accuracy"` from
            the shapes alone, so it does not change the choice.

    Returns:
        A `Metric` instance.
    """
    del loss  # Keras 3 chooses from the shapes only.
    if identifier is None:
        raise ValueError(f"Expected a metric, but received None. Received: identifier={identifier!r}")
    lowered = str(identifier).lower() if isinstance(identifier, str) else None
    if lowered in _ACCURACY_NAMES or lowered in _CROSSENTROPY_NAMES:
        is_binary, is_sparse = is_binary_or_sparse_categorical(y_true_shape, y_pred_shape)
        if lowered in _ACCURACY_NAMES:
            choices = (BinaryAccuracy, SparseCategoricalAccuracy, CategoricalAccuracy)
        else:
            choices = (BinaryCrossentropy, SparseCategoricalCrossentropy, CategoricalCrossentropy)
        cls = choices[0] if is_binary else choices[1] if is_sparse else choices[2]
        metric = cls(name=identifier)
    else:
        metric = get(identifier)
    if isinstance(identifier, str):
        name = identifier
    elif hasattr(metric, "name"):
        name = metric.name
    else:
        name = to_snake_case(getattr(metric, "__name__", metric.__class__.__name__))
    if not isinstance(metric, Metric):
        metric = MeanMetricWrapper(metric)
    metric.name = name
    return metric


__all__ = sorted(
    [cls.__name__ for cls in _CLASSES]
    + list(_METRIC_FUNCTIONS)
    + list(_LOSS_FUNCTIONS)
    + ["get", "serialize", "deserialize", "resolve_metric"]
)
