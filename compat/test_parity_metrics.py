"""Parity of keras.metrics with real Keras on torch: the same three batches (with and without sample weights)
into both, `result()` compared after each batch, and `get_config()` compared.

Tolerances: rtol 1e-5 / atol 1e-6 (float32 accumulation in both; the sums are ordered alike).
"""

import numpy as np
import pytest
import torch

NUM_CLASSES = 4
BATCH = 8


def _softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _batch(kind, rng):
    """(y_true, y_pred, sample_weight) for one batch of a data kind, as NumPy arrays."""
    f32 = np.float32
    weight = rng.uniform(0.0, 2.0, size=(BATCH,)).astype(f32)
    if kind == "values":
        return None, rng.normal(size=(BATCH, 3)).astype(f32), weight
    if kind == "binary":
        y_true = rng.integers(0, 2, size=(BATCH, 1)).astype(f32)
        return y_true, rng.uniform(size=(BATCH, 1)).astype(f32), weight
    if kind == "logits":
        y_true = rng.integers(0, 2, size=(BATCH, 1)).astype(f32)
        return y_true, rng.normal(scale=2.0, size=(BATCH, 1)).astype(f32), weight
    if kind == "multilabel":
        y_true = rng.integers(0, 2, size=(BATCH, 3)).astype(f32)
        return y_true, rng.uniform(size=(BATCH, 3)).astype(f32), weight
    if kind == "categorical":
        labels = rng.integers(0, NUM_CLASSES, size=(BATCH,))
        y_pred = _softmax(rng.normal(size=(BATCH, NUM_CLASSES))).astype(f32)
        return np.eye(NUM_CLASSES, dtype=f32)[labels], y_pred, weight
    if kind == "sparse":
        labels = rng.integers(0, NUM_CLASSES, size=(BATCH,)).astype("int64")
        return labels, _softmax(rng.normal(size=(BATCH, NUM_CLASSES))).astype(f32), weight
    if kind == "sparse_column":
        labels = rng.integers(0, NUM_CLASSES, size=(BATCH, 1)).astype(f32)
        return labels, _softmax(rng.normal(size=(BATCH, NUM_CLASSES))).astype(f32), weight
    if kind == "sparse_logits":
        labels = rng.integers(0, NUM_CLASSES, size=(BATCH,)).astype("int64")
        return labels, rng.normal(size=(BATCH, NUM_CLASSES)).astype(f32), weight
    if kind == "sorted_ids":
        labels = rng.integers(0, NUM_CLASSES, size=(BATCH,)).astype("int64")
        ids = np.stack([rng.permutation(NUM_CLASSES) for _ in range(BATCH)]).astype("int64")
        return labels, ids, weight
    if kind == "distribution":
        return (
            _softmax(rng.normal(size=(BATCH, NUM_CLASSES))).astype(f32),
            _softmax(rng.normal(size=(BATCH, NUM_CLASSES))).astype(f32),
            weight,
        )
    if kind == "regression":
        y_true = rng.uniform(0.5, 3.0, size=(BATCH, 3)).astype(f32)
        return y_true, (y_true + rng.normal(scale=0.5, size=(BATCH, 3))).astype(f32), weight
    if kind == "positive":
        return rng.uniform(0.0, 3.0, size=(BATCH, 3)).astype(f32), rng.uniform(0.1, 3.0, size=(BATCH, 3)).astype(f32), weight
    if kind == "hinge":
        y_true = rng.integers(0, 2, size=(BATCH, 3)).astype(f32)
        return y_true, rng.uniform(-1.5, 1.5, size=(BATCH, 3)).astype(f32), weight
    if kind == "class_ids":
        y_true = rng.integers(0, NUM_CLASSES, size=(BATCH,)).astype("int64")
        return y_true, rng.integers(0, NUM_CLASSES, size=(BATCH,)).astype("int64"), weight.round()
    if kind == "class_ids_column":
        y_true = rng.integers(0, NUM_CLASSES, size=(BATCH, 1)).astype("int64")
        return y_true, rng.integers(0, NUM_CLASSES, size=(BATCH, 1)).astype("int64"), weight.round()
    if kind == "int_labels":
        y_true = rng.integers(0, 3, size=(BATCH, 1)).astype("int64")
        return y_true, rng.integers(0, 3, size=(BATCH, 1)).astype("int64"), weight
    raise ValueError(kind)


# (class name, constructor kwargs, data kind)
CASES = [
    ("Mean", {}, "values"),
    ("Sum", {}, "values"),
    ("Accuracy", {}, "int_labels"),
    ("BinaryAccuracy", {}, "binary"),
    ("BinaryAccuracy", {"threshold": 0.3}, "binary"),
    ("CategoricalAccuracy", {}, "categorical"),
    ("SparseCategoricalAccuracy", {}, "sparse"),
    ("SparseCategoricalAccuracy", {}, "sparse_column"),
    ("TopKCategoricalAccuracy", {"k": 2}, "categorical"),
    ("TopKCategoricalAccuracy", {"k": 3}, "categorical"),
    ("SparseTopKCategoricalAccuracy", {"k": 2}, "sparse"),
    ("SparseTopKCategoricalAccuracy", {"k": 2, "from_sorted_ids": True}, "sorted_ids"),
    ("AUC", {}, "binary"),
    ("AUC", {"num_thresholds": 50, "curve": "PR"}, "binary"),
    ("AUC", {"curve": "PR", "summation_method": "majoring"}, "binary"),
    ("AUC", {"summation_method": "minoring"}, "binary"),
    ("AUC", {"curve": "PRGAIN"}, "binary"),
    ("AUC", {"from_logits": True}, "logits"),
    ("AUC", {"thresholds": [0.1, 0.35, 0.5, 0.8]}, "binary"),
    ("AUC", {"multi_label": True}, "multilabel"),
    ("AUC", {"multi_label": True, "num_labels": 3, "curve": "PR"}, "multilabel"),
    ("AUC", {"label_weights": [0.2, 0.5, 0.3]}, "multilabel"),
    ("Precision", {}, "binary"),
    ("Precision", {"thresholds": [0.2, 0.5, 0.7]}, "binary"),
    ("Precision", {"thresholds": [0.0, 0.5, 1.0]}, "binary"),
    ("Precision", {"top_k": 2}, "multilabel"),
    ("Precision", {"class_id": 1}, "multilabel"),
    ("Recall", {}, "binary"),
    ("Recall", {"thresholds": [0.2, 0.5, 0.7]}, "binary"),
    ("Recall", {"top_k": 1, "class_id": 2}, "multilabel"),
    ("PrecisionAtRecall", {"recall": 0.6}, "binary"),
    ("RecallAtPrecision", {"precision": 0.6}, "binary"),
    ("SensitivityAtSpecificity", {"specificity": 0.5}, "binary"),
    ("SpecificityAtSensitivity", {"sensitivity": 0.5, "num_thresholds": 1}, "binary"),
    ("SpecificityAtSensitivity", {"sensitivity": 0.7, "class_id": 0}, "multilabel"),
    ("TruePositives", {}, "binary"),
    ("TrueNegatives", {"thresholds": [0.3, 0.6]}, "binary"),
    ("FalsePositives", {}, "multilabel"),
    ("FalseNegatives", {"thresholds": [0.0, 0.25, 0.5, 0.75, 1.0]}, "binary"),
    ("F1Score", {}, "multilabel"),
    ("F1Score", {"average": "micro", "threshold": 0.5}, "multilabel"),
    ("FBetaScore", {"average": "macro", "beta": 2.0}, "multilabel"),
    ("FBetaScore", {"average": "weighted", "beta": 0.5, "threshold": 0.4}, "multilabel"),
    ("IoU", {"num_classes": NUM_CLASSES, "target_class_ids": [0, 2]}, "class_ids"),
    ("IoU", {"num_classes": NUM_CLASSES, "target_class_ids": [1], "ignore_class": 0}, "class_ids_column"),
    ("BinaryIoU", {}, "binary"),
    ("BinaryIoU", {"target_class_ids": [1], "threshold": 0.3}, "binary"),
    ("MeanIoU", {"num_classes": NUM_CLASSES}, "class_ids"),
    ("MeanIoU", {"num_classes": NUM_CLASSES, "sparse_y_true": False, "sparse_y_pred": False}, "categorical"),
    ("OneHotIoU", {"num_classes": NUM_CLASSES, "target_class_ids": [0, 3]}, "categorical"),
    ("OneHotMeanIoU", {"num_classes": NUM_CLASSES}, "categorical"),
    ("MeanSquaredError", {}, "regression"),
    ("MeanAbsoluteError", {}, "regression"),
    ("RootMeanSquaredError", {}, "regression"),
    ("MeanSquaredLogarithmicError", {}, "regression"),
    ("MeanAbsolutePercentageError", {}, "regression"),
    ("CosineSimilarity", {}, "regression"),
    ("CosineSimilarity", {"axis": 1}, "regression"),
    ("LogCoshError", {}, "regression"),
    ("R2Score", {}, "regression"),
    ("R2Score", {"class_aggregation": "variance_weighted_average"}, "regression"),
    ("R2Score", {"class_aggregation": None}, "regression"),
    ("R2Score", {"num_regressors": 2}, "regression"),
    ("PearsonCorrelation", {}, "regression"),
    ("ConcordanceCorrelation", {}, "regression"),
    ("Hinge", {}, "hinge"),
    ("SquaredHinge", {}, "hinge"),
    ("CategoricalHinge", {}, "categorical"),
    ("KLDivergence", {}, "distribution"),
    ("Poisson", {}, "positive"),
    ("BinaryCrossentropy", {}, "binary"),
    ("BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, "logits"),
    ("CategoricalCrossentropy", {}, "categorical"),
    ("CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.2}, "sparse_logits"),
    ("SparseCategoricalCrossentropy", {}, "sparse"),
    ("SparseCategoricalCrossentropy", {"from_logits": True, "ignore_class": 1}, "sparse_logits"),
]
# Integer-label cases also run with one-hot logits for CategoricalCrossentropy.
_ONE_HOT_LOGITS = {("CategoricalCrossentropy", "sparse_logits")}


def _ids(cases):
    return [f"{name}-{kwargs}-{kind}" for name, kwargs, kind in cases]


def _needs_losses(kt, name):
    from kerastorch.metrics import _utils

    fns = {
        "MeanSquaredError": "mean_squared_error", "MeanAbsoluteError": "mean_absolute_error",
        "MeanSquaredLogarithmicError": "mean_squared_logarithmic_error",
        "MeanAbsolutePercentageError": "mean_absolute_percentage_error", "LogCoshError": "log_cosh",
        "Hinge": "hinge", "SquaredHinge": "squared_hinge", "CategoricalHinge": "categorical_hinge",
        "KLDivergence": "kl_divergence", "Poisson": "poisson", "BinaryCrossentropy": "binary_crossentropy",
        "CategoricalCrossentropy": "categorical_crossentropy",
        "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy",
    }  # fmt: skip
    if name in fns:
        try:
            _utils.loss_function(fns[name])
        except (ImportError, AttributeError):
            pytest.skip(f"kerastorch.losses.{fns[name]} is not available yet")


def _to_numpy(value):
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().numpy()
    return np.asarray(value)


def _build_pair(keras_ref, kt, name, kwargs):
    keras_ref.backend.clear_session(free_memory=False)
    kt.backend.clear_session(free_memory=False)
    return getattr(keras_ref.metrics, name)(**kwargs), getattr(kt.metrics, name)(**kwargs)


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("name,kwargs,kind", CASES, ids=_ids(CASES))
def test_metric_results(keras_ref, kt, name, kwargs, kind, weighted):
    _needs_losses(kt, name)
    ref, ours = _build_pair(keras_ref, kt, name, kwargs)
    rng = np.random.default_rng(7)
    for step in range(3):
        y_true, y_pred, weight = _batch(kind, rng)
        if (name, kind) in _ONE_HOT_LOGITS:
            y_true = np.eye(NUM_CLASSES, dtype=np.float32)[y_true]
        sample_weight = weight if weighted else None
        if y_true is None:
            ref.update_state(y_pred, sample_weight=sample_weight)
            ours.update_state(y_pred, sample_weight=sample_weight)
        else:
            ref.update_state(y_true, y_pred, sample_weight=sample_weight)
            ours.update_state(y_true, y_pred, sample_weight=sample_weight)
        expected = _to_numpy(keras_ref.ops.convert_to_numpy(ref.result()))
        got = _to_numpy(ours.result())
        assert got.shape == expected.shape, f"step {step}"
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6, err_msg=f"step {step}")
    ref.reset_state()
    ours.reset_state()
    np.testing.assert_allclose(
        _to_numpy(ours.result()), _to_numpy(keras_ref.ops.convert_to_numpy(ref.result())), rtol=1e-5, atol=1e-6
    )


def _plain(config):
    return {k: (v.tolist() if hasattr(v, "tolist") else v) for k, v in config.items()}


@pytest.mark.parametrize("name,kwargs,kind", CASES, ids=_ids(CASES))
def test_metric_config(keras_ref, kt, name, kwargs, kind):
    _needs_losses(kt, name)
    ref, ours = _build_pair(keras_ref, kt, name, kwargs)
    ref_config, our_config = _plain(ref.get_config()), _plain(ours.get_config())
    assert our_config == ref_config
    assert list(our_config) == list(ref_config)
    rebuilt = getattr(kt.metrics, name).from_config(ours.get_config())
    assert _plain(rebuilt.get_config()) == our_config
    # Our config loads into real Keras and back.
    assert _plain(getattr(keras_ref.metrics, name).from_config(ours.get_config()).get_config()) == ref_config


@pytest.mark.parametrize("name,kwargs,kind", CASES, ids=_ids(CASES))
def test_metric_variables(keras_ref, kt, name, kwargs, kind):
    _needs_losses(kt, name)
    ref, ours = _build_pair(keras_ref, kt, name, kwargs)
    if kind != "values":
        rng = np.random.default_rng(3)
        y_true, y_pred, _ = _batch(kind, rng)
        if (name, kind) in _ONE_HOT_LOGITS:
            y_true = np.eye(NUM_CLASSES, dtype=np.float32)[y_true]
        ref.update_state(y_true, y_pred)
        ours.update_state(y_true, y_pred)
    assert [v.path for v in ours.variables] == [v.path for v in ref.variables]
    assert [tuple(v.shape) for v in ours.variables] == [tuple(v.shape) for v in ref.variables]
    assert [str(v.dtype).replace("torch.", "") for v in ours.variables] == [v.dtype for v in ref.variables]


STRING_CASES = ["mse", "MAE", "mape", "msle", "bce", "binary_accuracy", "AUC", "categorical_crossentropy", "Precision"]


@pytest.mark.parametrize("identifier", STRING_CASES)
def test_get_by_name(keras_ref, kt, identifier):
    _needs_losses(kt, type(kt.metrics.ALL_OBJECTS_DICT[identifier]).__name__)
    keras_ref.backend.clear_session(free_memory=False)
    kt.backend.clear_session(free_memory=False)
    ref, ours = keras_ref.metrics.get(identifier), kt.metrics.get(identifier)
    assert type(ours).__name__ == type(ref).__name__
    assert _plain(ours.get_config()) == _plain(ref.get_config())


@pytest.mark.parametrize(
    "y_true_shape,y_pred_shape,expected",
    [
        ((8, 1), (8, 1), "BinaryAccuracy"),
        ((8,), (8, 1), "BinaryAccuracy"),
        ((8, 5), (8, 5), "CategoricalAccuracy"),
        ((8,), (8, 5), "SparseCategoricalAccuracy"),
        ((8, 1), (8, 5), "SparseCategoricalAccuracy"),
        ((8, 10, 1), (8, 10, 5), "SparseCategoricalAccuracy"),
    ],
)
@pytest.mark.parametrize("identifier", ["accuracy", "acc", "Accuracy"])
def test_accuracy_resolution_matches_compile(keras_ref, kt, identifier, y_true_shape, y_pred_shape, expected):
    from keras.src.trainers.compile_utils import get_metric

    ref = get_metric(identifier, np.zeros(y_true_shape), np.zeros(y_pred_shape))
    ours = kt.metrics.resolve_metric(identifier, y_true_shape, y_pred_shape)
    assert type(ref).__name__ == type(ours).__name__ == expected
    assert ours.name == ref.name == identifier
