"""The accuracy metrics and functions on hand-computed cases."""

import numpy as np
import pytest
import torch

from kerastorch import metrics

CASES = [
    # metric, y_true, y_pred, sample_weight, expected
    (metrics.Accuracy(), [[1], [2], [3], [4]], [[0], [2], [3], [4]], None, 0.75),
    (metrics.Accuracy(), [[1], [2], [3], [4]], [[0], [2], [3], [4]], [1, 1, 0, 0], 0.5),
    (metrics.BinaryAccuracy(), [[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], None, 0.75),
    (metrics.BinaryAccuracy(), [[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], [1, 0, 0, 1], 0.5),
    (metrics.BinaryAccuracy(threshold=0.7), [[1], [1], [0], [0]], [[0.98], [0.65], [0], [0.6]], None, 0.75),
    (metrics.CategoricalAccuracy(), [[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], None, 0.5),
    (metrics.CategoricalAccuracy(), [[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], [0.7, 0.3], 0.3),
    (metrics.SparseCategoricalAccuracy(), [[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]], None, 0.5),
    (metrics.SparseCategoricalAccuracy(), [2, 1], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]], [0.7, 0.3], 0.3),
    (metrics.TopKCategoricalAccuracy(k=1), [[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], None, 0.5),
    (metrics.TopKCategoricalAccuracy(k=2), [[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], None, 1.0),
    (metrics.SparseTopKCategoricalAccuracy(k=1), [2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], None, 0.5),
    (metrics.SparseTopKCategoricalAccuracy(k=2), [2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], [0.0, 1.0], 1.0),
    (metrics.SparseTopKCategoricalAccuracy(k=1, from_sorted_ids=True), [2, 1], [[2, 0, 1], [0, 2, 1]], None, 0.5),
    (metrics.SparseTopKCategoricalAccuracy(k=2, from_sorted_ids=True), [2, 1], [[2, 0, 1], [0, 1, 2]], None, 1.0),
]


@pytest.mark.parametrize("metric,y_true,y_pred,sample_weight,expected", CASES, ids=[f"{c[0].name}-{i}" for i, c in enumerate(CASES)])
def test_hand_computed(metric, y_true, y_pred, sample_weight, expected):
    metric.reset_state()
    metric.update_state(y_true, y_pred, sample_weight=sample_weight)
    assert float(metric.result()) == pytest.approx(expected)


def test_accumulates_over_batches_and_resets():
    m = metrics.BinaryAccuracy()
    m.update_state(torch.tensor([[1.0], [0.0]]), torch.tensor([[0.9], [0.8]]))  # 1 of 2
    m.update_state(torch.tensor([[1.0], [1.0], [0.0]]), torch.tensor([[0.9], [0.7], [0.1]]))  # 3 of 3
    assert float(m.result()) == pytest.approx(4 / 5)
    m.reset_state()
    assert float(m.result()) == 0.0


def test_functions_return_per_sample_values():
    np.testing.assert_array_equal(metrics.binary_accuracy([[1], [0]], [[0.7], [0.7]]).numpy(), [[1.0], [0.0]])
    np.testing.assert_array_equal(
        metrics.categorical_accuracy([[0, 1], [1, 0]], [[0.2, 0.8], [0.3, 0.7]]).numpy(), [1.0, 0.0]
    )
    np.testing.assert_array_equal(metrics.sparse_categorical_accuracy([[1], [0]], [[0.2, 0.8], [0.3, 0.7]]).numpy(), [1.0, 0.0])
    np.testing.assert_array_equal(
        metrics.sparse_top_k_categorical_accuracy([2, 0], [[0.1, 0.5, 0.4], [0.1, 0.5, 0.4]], k=2).numpy(), [1.0, 0.0]
    )


def test_configs():
    assert metrics.BinaryAccuracy(threshold=0.3).get_config() == {"name": "binary_accuracy", "dtype": "float32", "threshold": 0.3}
    assert metrics.TopKCategoricalAccuracy(k=3).get_config() == {"name": "top_k_categorical_accuracy", "dtype": "float32", "k": 3}
    assert "from_sorted_ids" not in metrics.SparseTopKCategoricalAccuracy().get_config()
    assert metrics.SparseTopKCategoricalAccuracy(from_sorted_ids=True).get_config()["from_sorted_ids"] is True
    clone = metrics.BinaryAccuracy.from_config(metrics.BinaryAccuracy(name="b", threshold=0.2).get_config())
    assert clone.name == "b" and clone.threshold == 0.2
