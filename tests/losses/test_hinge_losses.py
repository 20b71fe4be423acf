"""Hinge, SquaredHinge and CategoricalHinge on hand-computed cases."""

import pytest
import torch

from kerastorch import losses

Y_PRED = torch.tensor([[0.5, -2.0], [3.0, 0.2]])


def test_hinge_with_pm1_labels():
    y_true = torch.tensor([[1.0, -1.0], [-1.0, 1.0]])
    # margins: 1 - 0.5 = 0.5, 1 - 2 < 0 -> 0 | 1 + 3 = 4, 1 - 0.2 = 0.8
    torch.testing.assert_close(losses.hinge(y_true, Y_PRED), torch.tensor([0.25, 2.4]))
    assert losses.Hinge()(y_true, Y_PRED).item() == pytest.approx(1.325)


def test_hinge_converts_01_labels():
    torch.testing.assert_close(
        losses.hinge(torch.tensor([[1.0, 0.0], [0.0, 1.0]]), Y_PRED), losses.hinge(torch.tensor([[1.0, -1.0], [-1.0, 1.0]]), Y_PRED)
    )


def test_hinge_keeps_non_binary_labels():
    y_true = torch.tensor([[2.0, 0.0]])  # not all 0/1: used as given
    torch.testing.assert_close(losses.hinge(y_true, torch.tensor([[0.25, 5.0]])), torch.tensor([(0.5 + 1.0) / 2]))


def test_squared_hinge():
    y_true = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    torch.testing.assert_close(losses.squared_hinge(y_true, Y_PRED), torch.tensor([0.125, (16 + 0.64) / 2]))
    assert losses.SquaredHinge(reduction="sum")(y_true, Y_PRED).item() == pytest.approx(0.125 + 8.32)


def test_categorical_hinge():
    y_true = torch.tensor([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    y_pred = torch.tensor([[0.3, 2.0, 0.5], [0.1, 0.4, 0.2]])
    # pos 2.0, neg 0.5 -> max(0.5 - 2 + 1, 0) = 0 | pos 0.1, neg 0.4 -> 1.3
    torch.testing.assert_close(losses.categorical_hinge(y_true, y_pred), torch.tensor([0.0, 1.3]))
    assert losses.CategoricalHinge()(y_true, y_pred).item() == pytest.approx(0.65)


def test_hinge_gradient_is_zero_beyond_the_margin():
    y_pred = torch.tensor([[2.0, -3.0]], requires_grad=True)
    losses.Hinge()(torch.tensor([[1.0, -1.0]]), y_pred).backward()
    assert torch.equal(y_pred.grad, torch.zeros(1, 2))


@pytest.mark.parametrize("cls,name", [(losses.Hinge, "hinge"), (losses.SquaredHinge, "squared_hinge"), (losses.CategoricalHinge, "categorical_hinge")])
def test_configs(cls, name):
    loss = cls(reduction="sum")
    assert loss.get_config() == {"name": name, "reduction": "sum"}
    assert cls.from_config(loss.get_config()).reduction == "sum"
