"""Precision, Recall, the confusion counts, the *At* metrics and AUC on hand-computed cases."""

import numpy as np
import pytest
import torch

from kerastorch import metrics

Y_TRUE = [0, 1, 1, 1]
Y_PRED = [1, 0, 1, 1]


@pytest.mark.parametrize(
    "cls,expected,weighted_expected",
    [
        (metrics.TruePositives, 2.0, 1.0),
        (metrics.FalsePositives, 1.0, 0.0),
        (metrics.TrueNegatives, 0.0, 0.0),
        (metrics.FalseNegatives, 1.0, 0.0),
        (metrics.Precision, 2 / 3, 1.0),
        (metrics.Recall, 2 / 3, 1.0),
    ],
)
def test_counts_precision_recall(cls, expected, weighted_expected):
    m = cls()
    m.update_state(Y_TRUE, Y_PRED)
    assert float(m.result()) == pytest.approx(expected)
    m.reset_state()
    m.update_state(Y_TRUE, Y_PRED, sample_weight=[0, 0, 1, 0])
    assert float(m.result()) == pytest.approx(weighted_expected)


def test_several_thresholds_give_one_value_each():
    m = metrics.Precision(thresholds=[0.5, 0.8])
    m.update_state([0, 1, 1, 0], [0.6, 0.9, 0.7, 0.2])
    # > 0.5: samples 0, 1, 2 (2 right); > 0.8: sample 1 only.
    np.testing.assert_allclose(m.result().cpu().numpy(), [2 / 3, 1.0], rtol=1e-6)
    tp = metrics.TruePositives(thresholds=[0.0, 0.5, 1.0])  # evenly spaced: the bucketing path
    tp.update_state([1, 1, 0, 1], [0.0, 0.6, 0.9, 1.0])
    np.testing.assert_allclose(tp.result().cpu().numpy(), [2.0, 2.0, 0.0])


def test_precision_top_k_and_class_id():
    y_true = [[0, 0, 1, 1], [1, 0, 0, 0]]
    y_pred = [[0.1, 0.9, 0.8, 0.7], [0.2, 0.3, 0.4, 0.1]]
    top2 = metrics.Precision(top_k=2)
    top2.update_state(y_true, y_pred)
    # Top 2 of row 0: classes 1, 2 (one right); of row 1: classes 2, 1 (none right).
    assert float(top2.result()) == pytest.approx(1 / 4)
    class2 = metrics.Recall(class_id=2)
    class2.update_state(y_true, y_pred)
    assert float(class2.result()) == pytest.approx(1.0)


def test_accumulation_over_batches():
    m = metrics.Recall()
    m.update_state([1, 1], [0.9, 0.1])
    m.update_state([1, 0], [0.8, 0.9])
    assert float(m.result()) == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    "metric,y_true,y_pred,expected",
    [
        (metrics.PrecisionAtRecall(0.5), [0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], 0.5),
        (metrics.RecallAtPrecision(0.8), [0, 0, 1, 1], [0, 0.5, 0.3, 0.9], 0.5),
        (metrics.SensitivityAtSpecificity(0.5), [0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], 0.5),
        (metrics.SpecificityAtSensitivity(0.5), [0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], 2 / 3),
    ],
)
def test_rate_at_rate(metric, y_true, y_pred, expected):
    metric.update_state(y_true, y_pred)
    assert float(metric.result()) == pytest.approx(expected, rel=1e-5)


def test_auc_three_thresholds_by_hand():
    # Thresholds (-eps, 0.5, 1 + eps): ROC points (fpr, tpr) = (1, 1), (0, 0.5), (0, 0); trapezoids give 0.75.
    m = metrics.AUC(num_thresholds=3)
    m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    assert float(m.result()) == pytest.approx(0.75)
    np.testing.assert_array_equal(m.true_positives.cpu().numpy(), [2, 1, 0])
    np.testing.assert_array_equal(m.false_positives.cpu().numpy(), [2, 0, 0])
    m.reset_state()
    m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9], sample_weight=[1, 0, 0, 1])
    assert float(m.result()) == pytest.approx(1.0)


def test_auc_separable_is_one_and_multi_label_averages():
    m = metrics.AUC()
    m.update_state([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])
    assert float(m.result()) == pytest.approx(1.0)
    multi = metrics.AUC(multi_label=True)
    assert multi.variables == []  # built at the first update
    multi.update_state(torch.tensor([[0.0, 1.0], [1.0, 0.0]]), torch.tensor([[0.2, 0.9], [0.8, 0.1]]))
    assert multi.true_positives.shape == (200, 2)
    assert float(multi.result()) == pytest.approx(1.0)
    logits = metrics.AUC(from_logits=True)
    logits.update_state([0, 1], [-3.0, 3.0])
    assert float(logits.result()) == pytest.approx(1.0)


def test_auc_config_round_trip():
    m = metrics.AUC(thresholds=[0.3, 0.1, 0.7], curve="pr", summation_method="Minoring", name="auc_pr")
    config = m.get_config()
    assert config["num_thresholds"] == 5 and config["curve"] == "PR" and config["summation_method"] == "minoring"
    assert config["thresholds"] == pytest.approx([0.1, 0.3, 0.7])
    clone = metrics.AUC.from_config(config)
    assert clone.get_config() == config


def test_argument_errors():
    with pytest.raises(ValueError, match="Received: num_thresholds=1"):
        metrics.AUC(num_thresholds=1)
    with pytest.raises(ValueError, match="curve"):
        metrics.AUC(curve="XYZ")
    with pytest.raises(ValueError, match="num_labels"):
        metrics.AUC(num_labels=3)
    with pytest.raises(ValueError, match=r"Received: thresholds=\[1.5\]"):
        metrics.Precision(thresholds=[0.5, 1.5])
    with pytest.raises(ValueError, match="Received: recall=2"):
        metrics.PrecisionAtRecall(recall=2)
    with pytest.raises(ValueError, match="Received: num_thresholds=0"):
        metrics.SensitivityAtSpecificity(0.5, num_thresholds=0)
