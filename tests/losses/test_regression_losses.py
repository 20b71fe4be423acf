"""Regression and distribution losses on small hand-computed cases: MSE, MAE, MAPE, MSLE, Huber, LogCosh,
CosineSimilarity, Poisson, KLDivergence."""

import math

import numpy as np
import pytest
import torch

from kerastorch import losses

EPS = 1e-7
Y_TRUE = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
Y_PRED = torch.tensor([[2.0, 2.0], [1.0, 5.0]])  # errors (1, 0) and (-2, 1)


def test_mean_squared_error():
    torch.testing.assert_close(losses.mean_squared_error(Y_TRUE, Y_PRED), torch.tensor([0.5, 2.5]))
    assert losses.MeanSquaredError()(Y_TRUE, Y_PRED).item() == pytest.approx(1.5)
    assert losses.MeanSquaredError(reduction="sum")(Y_TRUE, Y_PRED).item() == pytest.approx(3.0)
    assert losses.MeanSquaredError()(Y_TRUE, Y_PRED, sample_weight=[2.0, 0.0]).item() == pytest.approx(0.5)


def test_mean_absolute_error():
    torch.testing.assert_close(losses.mean_absolute_error(Y_TRUE, Y_PRED), torch.tensor([0.5, 1.5]))
    assert losses.MeanAbsoluteError()(Y_TRUE, Y_PRED).item() == pytest.approx(1.0)


def test_mean_absolute_percentage_error():
    expected = [100 * (1 / 1 + 0) / 2, 100 * (2 / 3 + 1 / 4) / 2]
    torch.testing.assert_close(losses.mean_absolute_percentage_error(Y_TRUE, Y_PRED), torch.tensor(expected))
    # A zero target is floored at epsilon: |0 - 1| / 1e-7 * 100 over 1 element.
    value = losses.mean_absolute_percentage_error(torch.tensor([[0.0]]), torch.tensor([[1.0]]))
    assert value.item() == pytest.approx(100 / EPS, rel=1e-6)


def test_mean_squared_logarithmic_error():
    y_true = torch.tensor([[0.0, math.e - 1]])
    y_pred = torch.tensor([[-5.0, 0.0]])  # negatives and zero are floored at epsilon
    first = math.log(EPS + 1) - math.log(EPS + 1)
    second = math.log(EPS + 1) - 1.0
    expected = (first**2 + second**2) / 2
    assert losses.mean_squared_logarithmic_error(y_true, y_pred).item() == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("delta", [0.5, 1.0, 3.0])
def test_huber(delta):
    errors = np.array([[1.0, 0.0], [-2.0, 1.0]])
    abs_err = np.abs(errors)
    per = np.where(abs_err <= delta, 0.5 * errors**2, delta * abs_err - 0.5 * delta**2).mean(-1)
    torch.testing.assert_close(losses.huber(Y_TRUE, Y_PRED, delta=delta), torch.tensor(per, dtype=torch.float32))
    assert losses.Huber(delta=delta)(Y_TRUE, Y_PRED).item() == pytest.approx(per.mean(), rel=1e-6)


def test_log_cosh():
    errors = np.array([[1.0, 0.0], [-2.0, 1.0]])
    expected = np.log(np.cosh(errors)).mean(-1)
    torch.testing.assert_close(losses.log_cosh(Y_TRUE, Y_PRED), torch.tensor(expected, dtype=torch.float32))
    # Large errors do not overflow: log(cosh(100)) = 100 - log 2.
    big = losses.log_cosh(torch.zeros(1, 1), torch.full((1, 1), 100.0))
    assert big.item() == pytest.approx(100 - math.log(2), rel=1e-6)


def test_cosine_similarity():
    y_true = torch.tensor([[0.0, 1.0], [1.0, 1.0], [1.0, 1.0], [0.0, 0.0]])
    y_pred = torch.tensor([[1.0, 0.0], [1.0, 1.0], [-1.0, -1.0], [3.0, 4.0]])
    torch.testing.assert_close(
        losses.cosine_similarity(y_true, y_pred), torch.tensor([0.0, -1.0, 1.0, 0.0]), atol=1e-6, rtol=0
    )
    value = losses.CosineSimilarity(axis=-1, reduction="sum")(y_true, y_pred)
    assert value.item() == pytest.approx(0.0, abs=1e-6)


def test_cosine_similarity_axis():
    y = torch.tensor([[3.0, 0.0], [4.0, 1.0]])  # columns (3, 4) and (0, 1)
    torch.testing.assert_close(losses.cosine_similarity(y, y, axis=0), torch.tensor([-1.0, -1.0]))


def test_poisson():
    expected = (Y_PRED - Y_TRUE * torch.log(Y_PRED + EPS)).mean(-1)
    torch.testing.assert_close(losses.poisson(Y_TRUE, Y_PRED), expected)


def test_kl_divergence():
    y_true = torch.tensor([[0.5, 0.5], [1.0, 0.0]])
    y_pred = torch.tensor([[0.25, 0.75], [0.5, 0.5]])
    first = 0.5 * math.log(0.5 / 0.25) + 0.5 * math.log(0.5 / 0.75)
    second = 1.0 * math.log(1.0 / 0.5) + EPS * math.log(EPS / 0.5)  # the zero is clipped to epsilon
    torch.testing.assert_close(losses.kl_divergence(y_true, y_pred), torch.tensor([first, second]))
    assert losses.KLDivergence()(y_true, y_pred).item() == pytest.approx((first + second) / 2, rel=1e-6)


@pytest.mark.parametrize(
    "cls,fn",
    [
        (losses.MeanSquaredError, losses.mean_squared_error),
        (losses.MeanAbsoluteError, losses.mean_absolute_error),
        (losses.MeanAbsolutePercentageError, losses.mean_absolute_percentage_error),
        (losses.MeanSquaredLogarithmicError, losses.mean_squared_logarithmic_error),
        (losses.Huber, losses.huber),
        (losses.LogCosh, losses.log_cosh),
        (losses.CosineSimilarity, losses.cosine_similarity),
        (losses.Poisson, losses.poisson),
        (losses.KLDivergence, losses.kl_divergence),
    ],
)
def test_class_equals_function_per_sample(cls, fn):
    y_true = torch.rand(3, 4) + 0.1
    y_pred = torch.rand(3, 4) + 0.1
    torch.testing.assert_close(cls(reduction=None)(y_true, y_pred), fn(y_true, y_pred))


def test_rank_1_targets_against_column_predictions():
    # (batch,) targets and (batch, 1) predictions line up instead of broadcasting to (batch, batch).
    value = losses.MeanSquaredError(reduction=None)(torch.tensor([1.0, 2.0]), torch.tensor([[1.0], [4.0]]))
    torch.testing.assert_close(value, torch.tensor([0.0, 4.0]))


@pytest.mark.parametrize(
    "loss,config",
    [
        (losses.MeanSquaredError(), {"name": "mean_squared_error", "reduction": "sum_over_batch_size"}),
        (losses.MeanAbsoluteError(reduction="sum"), {"name": "mean_absolute_error", "reduction": "sum"}),
        (losses.MeanAbsolutePercentageError(), {"name": "mean_absolute_percentage_error", "reduction": "sum_over_batch_size"}),
        (losses.MeanSquaredLogarithmicError(), {"name": "mean_squared_logarithmic_error", "reduction": "sum_over_batch_size"}),
        (losses.Huber(delta=2.0), {"name": "huber_loss", "reduction": "sum_over_batch_size"}),  # no delta, as Keras
        (losses.LogCosh(name="lc"), {"name": "lc", "reduction": "sum_over_batch_size"}),
        (losses.CosineSimilarity(axis=0), {"name": "cosine_similarity", "reduction": "sum_over_batch_size"}),
        (losses.Poisson(reduction=None), {"name": "poisson", "reduction": None}),
        (losses.KLDivergence(), {"name": "kl_divergence", "reduction": "sum_over_batch_size"}),
    ],
)
def test_configs(loss, config):
    assert loss.get_config() == config
    assert type(loss).from_config(config).get_config() == config
