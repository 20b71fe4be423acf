"""`get`, `serialize`, `deserialize` and `resolve_metric` (how `compile(metrics=[...])` names are read)."""

import pytest
import torch

from kerastorch import metrics
from kerastorch.backend import clear_session


def test_get_by_name_class_dict_function_and_instance():
    clear_session(free_memory=False)
    assert isinstance(metrics.get("mse"), metrics.MeanSquaredError)
    assert isinstance(metrics.get("MAPE"), metrics.MeanAbsolutePercentageError)
    assert isinstance(metrics.get("binary_accuracy"), metrics.BinaryAccuracy)
    assert isinstance(metrics.get("AUC"), metrics.AUC)
    assert isinstance(metrics.get(metrics.Recall), metrics.Recall)
    auc = metrics.get({"class_name": "AUC", "config": {"curve": "PR"}})
    assert isinstance(auc, metrics.AUC) and auc.curve == "PR"
    instance = metrics.Mean(name="x")
    assert metrics.get(instance) is instance
    assert metrics.get(metrics.binary_accuracy) is metrics.binary_accuracy
    assert metrics.get(None) is None


def test_get_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match=r"Could not interpret metric identifier.*'mse'.*Received: identifier='nope'"):
        metrics.get("nope")
    with pytest.raises(ValueError, match="Received: identifier=3"):
        metrics.get(3)


def test_serialize_deserialize_round_trip():
    metric = metrics.SparseTopKCategoricalAccuracy(k=3, name="top3")
    config = metrics.serialize(metric)
    assert config == {
        "module": "keras.metrics",
        "class_name": "SparseTopKCategoricalAccuracy",
        "config": {"name": "top3", "dtype": "float32", "k": 3},
        "registered_name": None,
    }
    clone = metrics.deserialize(config)
    assert isinstance(clone, metrics.SparseTopKCategoricalAccuracy) and clone.k == 3 and clone.name == "top3"
    fn_config = metrics.serialize(metrics.categorical_accuracy)
    assert metrics.deserialize(fn_config) is metrics.categorical_accuracy
    assert metrics.deserialize(metrics.serialize(metrics.mean_squared_error)) is metrics.mean_squared_error


def test_keras_loss_functions_are_reexported():
    from kerastorch import losses

    for name in ("mean_squared_error", "hinge", "kl_divergence", "poisson", "log_cosh"):
        assert getattr(metrics, name) is getattr(losses, name)
    with pytest.raises(AttributeError):
        metrics.not_a_metric_function


@pytest.mark.parametrize(
    "y_true_shape,y_pred_shape,expected",
    [
        ((32, 1), (32, 1), metrics.BinaryAccuracy),
        ((32,), (32, 1), metrics.BinaryAccuracy),
        ((32, 10), (32, 10), metrics.CategoricalAccuracy),
        ((32,), (32, 10), metrics.SparseCategoricalAccuracy),
        ((32, 1), (32, 10), metrics.SparseCategoricalAccuracy),
        (torch.Size([4, 7]), torch.Size([4, 7, 3]), metrics.SparseCategoricalAccuracy),
    ],
)
@pytest.mark.parametrize("identifier", ["accuracy", "acc", "ACC"])
def test_accuracy_resolves_from_shapes(identifier, y_true_shape, y_pred_shape, expected):
    metric = metrics.resolve_metric(identifier, y_true_shape, y_pred_shape, loss="categorical_crossentropy")
    assert type(metric) is expected
    assert metric.name == identifier


@pytest.mark.parametrize(
    "y_true_shape,y_pred_shape,expected",
    [
        ((8, 1), (8, 1), metrics.BinaryCrossentropy),
        ((8,), (8, 5), metrics.SparseCategoricalCrossentropy),
        ((8, 5), (8, 5), metrics.CategoricalCrossentropy),
    ],
)
@pytest.mark.parametrize("identifier", ["crossentropy", "ce"])
def test_crossentropy_resolves_from_shapes(identifier, y_true_shape, y_pred_shape, expected):
    metric = metrics.resolve_metric(identifier, y_true_shape, y_pred_shape)
    assert type(metric) is expected and metric.name == identifier


def test_resolve_other_identifiers():
    mse = metrics.resolve_metric("mse", (4, 1), (4, 1))
    assert isinstance(mse, metrics.MeanSquaredError) and mse.name == "mse"
    wrapped = metrics.resolve_metric(metrics.binary_accuracy, (4, 1), (4, 1))
    assert isinstance(wrapped, metrics.MeanMetricWrapper) and wrapped.name == "binary_accuracy"
    wrapped.update_state([[1.0], [0.0]], [[0.9], [0.9]])
    assert float(wrapped.result()) == pytest.approx(0.5)
    mine = metrics.AUC(name="my_auc")
    assert metrics.resolve_metric(mine, (4, 1), (4, 1)) is mine and mine.name == "my_auc"
    with pytest.raises(ValueError, match="Received: identifier=None"):
        metrics.resolve_metric(None, (4, 1), (4, 1))
    with pytest.raises(ValueError, match="Received: identifier='accuracyy'"):
        metrics.resolve_metric("accuracyy", (4, 1), (4, 1))
