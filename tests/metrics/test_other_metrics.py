"""F-scores, IoU, regression, correlation, hinge and probabilistic metrics on hand-computed cases."""

import numpy as np
import pytest
import torch

from kerastorch import metrics

F_TRUE = [[1, 1, 1], [1, 0, 0], [1, 1, 0]]
F_PRED = [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]]


def test_f1_per_class_and_averaged():
    # Binarized at 0.5: [[0,1,1],[0,1,1],[1,1,0]]. Class 0: P 1, R 1/3; class 1: P 2/3, R 1; class 2: P 1/2, R 1.
    per_class = [0.5, 0.8, 2 / 3]
    m = metrics.F1Score(threshold=0.5)
    m.update_state(F_TRUE, F_PRED)
    np.testing.assert_allclose(m.result().cpu().numpy(), per_class, rtol=1e-5)
    macro = metrics.F1Score(average="macro", threshold=0.5)
    macro.update_state(F_TRUE, F_PRED)
    assert float(macro.result()) == pytest.approx(np.mean(per_class), rel=1e-5)
    weighted = metrics.F1Score(average="weighted", threshold=0.5)
    weighted.update_state(F_TRUE, F_PRED)
    assert float(weighted.result()) == pytest.approx(np.dot(per_class, [3, 2, 1]) / 6, rel=1e-5)
    micro = metrics.F1Score(average="micro", threshold=0.5)
    micro.update_state(F_TRUE, F_PRED)
    # Pooled: tp 4, fp 2, fn 2.
    assert float(micro.result()) == pytest.approx(2 / 3, rel=1e-5)


def test_fbeta_and_argmax_default():
    m = metrics.FBetaScore(beta=2.0, threshold=0.5)
    m.update_state(F_TRUE, F_PRED)
    p, r = np.array([1, 2 / 3, 0.5]), np.array([1 / 3, 1, 1])
    np.testing.assert_allclose(m.result().cpu().numpy(), 5 * p * r / (4 * p + r), rtol=1e-5)
    argmax = metrics.F1Score()
    argmax.update_state([[0, 1], [1, 0], [0, 0]], [[0.3, 0.7], [0.4, 0.6], [0.0, 0.0]])
    # Arg-max predictions [[0,1],[0,1],[0,0]] (an all-zero row stays zero): class 0 F1 0, class 1 F1 2/3.
    np.testing.assert_allclose(argmax.result().cpu().numpy(), [0.0, 2 / 3], atol=1e-5)


def test_fbeta_errors():
    with pytest.raises(ValueError, match="Received: average=max"):
        metrics.FBetaScore(average="max")
    with pytest.raises(ValueError, match="beta"):
        metrics.FBetaScore(beta=1)
    with pytest.raises(ValueError, match="2D inputs"):
        metrics.F1Score().update_state([1, 0], [1, 0])
    assert "beta" not in metrics.F1Score().get_config()


def test_iou_family():
    m = metrics.IoU(num_classes=2, target_class_ids=[0])
    m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
    assert float(m.result()) == pytest.approx(1 / 3, rel=1e-5)
    np.testing.assert_array_equal(m.total_cm.cpu().numpy(), [[1, 1], [1, 1]])
    mean = metrics.MeanIoU(num_classes=2, dtype="float32")
    mean.update_state([0, 0, 1, 1], [0, 1, 0, 1], sample_weight=[0.3, 0.3, 0.3, 0.1])
    assert float(mean.result()) == pytest.approx((0.3 / 0.9 + 0.1 / 0.7) / 2, rel=1e-5)
    binary = metrics.BinaryIoU(target_class_ids=[0, 1], threshold=0.3)
    binary.update_state([0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7])
    assert float(binary.result()) == pytest.approx(1 / 3, rel=1e-5)
    one_hot = metrics.OneHotMeanIoU(num_classes=3)
    one_hot.update_state([[0, 0, 1], [1, 0, 0], [0, 1, 0]], [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.1, 0.8, 0.1]])
    # Classes 0: 0/1, 1: 1/1, 2: 1/2.
    assert float(one_hot.result()) == pytest.approx(0.5, rel=1e-5)


def test_iou_ignores_the_ignore_class_and_out_of_range_ids():
    m = metrics.IoU(num_classes=2, target_class_ids=[0, 1], ignore_class=1)
    m.update_state([0, 0, 1, 1, 0], [0, 1, 0, 1, 7])
    np.testing.assert_array_equal(m.total_cm.cpu().numpy(), [[1, 1], [0, 0]])
    # Class 0: 1 / (1 + 2 - 1); class 1 occurs (as a prediction) with IoU 0.
    assert float(m.result()) == pytest.approx(0.25, rel=1e-5)
    m.reset_state()
    assert int(m.total_cm.sum()) == 0


def test_iou_errors_and_config():
    with pytest.raises(ValueError, match="out of range"):
        metrics.IoU(num_classes=2, target_class_ids=[2])
    assert metrics.MeanIoU(num_classes=3, name="miou").get_config() == {
        "num_classes": 3, "name": "miou", "dtype": "int32", "ignore_class": None,
        "sparse_y_true": True, "sparse_y_pred": True, "axis": -1,
    }  # fmt: skip


def test_regression_metrics():
    y_true, y_pred = [[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]]
    for cls, expected in [
        (metrics.MeanSquaredError, 0.25),
        (metrics.MeanAbsoluteError, 0.25),
        (metrics.RootMeanSquaredError, 0.5),
        (metrics.LogCoshError, 0.10844523),
        (metrics.MeanSquaredLogarithmicError, 0.12011322),
        (metrics.Poisson, 0.49999997),
    ]:
        m = cls()
        m.update_state(y_true, y_pred)
        assert float(m.result()) == pytest.approx(expected, rel=1e-5), cls.__name__
    rmse = metrics.RootMeanSquaredError()
    rmse.update_state(y_true, y_pred, sample_weight=[1.0, 0.0])
    assert float(rmse.result()) == pytest.approx(np.sqrt(0.5))
    cosine = metrics.CosineSimilarity(axis=1)
    cosine.update_state([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])
    assert float(cosine.result()) == pytest.approx(0.5, rel=1e-5)


def test_r2_score():
    m = metrics.R2Score()
    m.update_state(np.array([[1], [4], [3]], dtype="float32"), np.array([[2], [4], [4]], dtype="float32"))
    # SS_res 2, SS_tot 42/9.
    assert float(m.result()) == pytest.approx(1 - 2 / (42 / 9), rel=1e-5)
    adjusted = metrics.R2Score(num_regressors=1)
    adjusted.update_state(np.array([[1], [4], [3], [2]], "float32"), np.array([[2], [4], [4], [2]], "float32"))
    r2 = 1 - 2 / 5.0
    assert float(adjusted.result()) == pytest.approx(1 - (1 - r2) * 3 / 2, rel=1e-5)
    # p >= n - 1: the adjustment is undefined and the plain score comes back.
    fallback = metrics.R2Score(num_regressors=5)
    fallback.update_state(np.array([[1], [4], [3]], "float32"), np.array([[2], [4], [4]], "float32"))
    assert float(fallback.result()) == pytest.approx(1 - 2 / (42 / 9), rel=1e-5)
    with pytest.raises(ValueError, match="Received: class_aggregation=max"):
        metrics.R2Score(class_aggregation="max")


def test_correlations():
    pearson = metrics.PearsonCorrelation()
    pearson.update_state([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], [[2.0, 4.0, 6.0], [3.0, 2.0, 1.0]])
    assert float(pearson.result()) == pytest.approx(0.0, abs=1e-6)  # (1 + -1) / 2
    ccc = metrics.ConcordanceCorrelation()
    ccc.update_state([[1.0, 2.0, 3.0]], [[1.0, 2.0, 3.0]])
    assert float(ccc.result()) == pytest.approx(1.0, rel=1e-5)


@pytest.mark.parametrize(
    "cls,y_true,y_pred,expected",
    [
        (metrics.Hinge, [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], 1.3),
        (metrics.SquaredHinge, [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], 1.86),
        (metrics.CategoricalHinge, [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], 1.4),
        (metrics.KLDivergence, [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], 0.45814306),
        (metrics.BinaryCrossentropy, [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], 0.81492424),
        (metrics.CategoricalCrossentropy, [[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], 1.1769392),
        (metrics.SparseCategoricalCrossentropy, [1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], 1.1769392),
    ],
)
def test_loss_based_metrics(cls, y_true, y_pred, expected):
    m = cls()
    m.update_state(np.array(y_true, "float32"), np.array(y_pred, "float32"))
    assert float(m.result()) == pytest.approx(expected, rel=1e-5)
    m.update_state(np.array(y_true, "float32"), np.array(y_pred, "float32"), sample_weight=np.zeros(2, "float32"))
    assert float(m.result()) == pytest.approx(expected, rel=1e-5)  # zero-weight samples add nothing
    assert cls.from_config(m.get_config()).get_config() == m.get_config()
