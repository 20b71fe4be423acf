"""Dice, Tversky, CTC and Circle on hand-computed cases."""

import math

import numpy as np
import pytest
import torch

from kerastorch import losses

EPS = 1e-7
Y_TRUE = [[[[1.0], [1.0]], [[0.0], [0.0]]], [[[1.0], [1.0]], [[0.0], [0.0]]]]
Y_PRED = [[[[0.0], [1.0]], [[0.0], [1.0]]], [[[0.4], [0.0]], [[0.0], [0.9]]]]


def test_dice_per_image():
    value = losses.Dice(axis=(1, 2, 3), reduction=None)(Y_TRUE, Y_PRED)
    # image 1: 1 - 2*1/(2 + 2); image 2: 1 - 2*0.4/(2 + 1.3)
    torch.testing.assert_close(value, torch.tensor([0.5, 1 - 0.8 / (3.3 + EPS)]))


def test_dice_over_everything_is_one_scalar():
    value = losses.Dice()(Y_TRUE, Y_PRED)
    assert value.shape == ()
    assert value.item() == pytest.approx(1 - 2 * 1.4 / (4 + 3.3), rel=1e-6)
    assert losses.dice(Y_TRUE, Y_PRED).item() == pytest.approx(0.6164384, rel=1e-6)


def test_tversky():
    y_true = torch.tensor([[1.0, 1.0, 0.0, 0.0]])
    y_pred = torch.tensor([[1.0, 0.5, 0.5, 0.0]])
    tp, fp, fn = 1.5, 0.5, 0.5  # Keras's fp = sum((1 - y_pred) * y_true), fn = sum(y_pred * (1 - y_true))
    expected = 1 - tp / (tp + 0.7 * fp + 0.3 * fn + EPS)
    assert losses.tversky(y_true, y_pred, alpha=0.7, beta=0.3).item() == pytest.approx(expected, rel=1e-6)
    # alpha = beta = 0.5 is the Dice loss.
    assert losses.Tversky()(y_true, y_pred).item() == pytest.approx(losses.Dice()(y_true, y_pred).item(), rel=1e-6)


def test_ctc_single_label():
    # One timestep, one label: the only path emits the label, so the loss is -log softmax(logits)[label].
    logits = torch.tensor([[[0.5, 2.0, -1.0]]])
    value = losses.ctc(torch.tensor([[1]]), logits)
    assert value.item() == pytest.approx(-torch.log_softmax(logits[0, 0], -1)[1].item(), rel=1e-6)


def test_ctc_counts_every_alignment():
    # Two timesteps, label "1": paths (1, 1), (1, blank), (blank, 1).
    logits = torch.randn(1, 2, 3)
    p = torch.softmax(logits[0].double(), -1)
    likelihood = p[0, 1] * p[1, 1] + p[0, 1] * p[1, 0] + p[0, 0] * p[1, 1]
    value = losses.CTC(reduction=None)(np.array([[1, 0]]), logits)
    assert value.item() == pytest.approx(-math.log(likelihood.item()), rel=1e-5)


def test_ctc_shape_errors():
    with pytest.raises(ValueError, match=r"y_true.shape=\(2,\)"):
        losses.ctc(torch.tensor([1, 2]), torch.randn(2, 4, 3))
    with pytest.raises(ValueError, match=r"y_pred.shape=\(2, 4\)"):
        losses.ctc(torch.tensor([[1], [2]]), torch.randn(2, 4))


def test_circle_masks_samples_without_pairs():
    embeddings = torch.nn.functional.normalize(torch.randn(4, 3), dim=1)
    labels = torch.tensor([0, 0, 1, 2])  # labels 1 and 2 have no positive partner: loss 0, masked
    per = losses.circle(labels, embeddings)
    assert per[2].item() == 0.0 and per[3].item() == 0.0
    assert per._keras_mask.tolist() == [True, True, False, False]
    mean = losses.Circle()(labels, embeddings)
    assert mean.item() == pytest.approx(per[:2].mean().item(), rel=1e-6)


def test_circle_two_points_by_hand():
    # Two identical-label embeddings at cosine distance d, plus a negative at distance d_n.
    e = torch.tensor([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]])
    labels = torch.tensor([0, 0, 1])
    gamma, m = 80.0, 0.4
    d_pos, d_neg = 1.0, 2.0  # sample 0: distance 1 to sample 1, distance 2 to sample 2
    s_p = -gamma * max(m + d_pos, 0) * (m - d_pos)
    s_n = gamma * max(1 + m - d_neg, 0) * (1 - m - d_neg)
    expected = math.log1p(math.exp(s_p + s_n)) if s_p + s_n < 20 else s_p + s_n
    assert losses.circle(labels, e)[0].item() == pytest.approx(expected, rel=1e-5)


@pytest.mark.parametrize(
    "loss,config",
    [
        (losses.Dice(axis=(1, 2)), {"name": "dice", "reduction": "sum_over_batch_size", "axis": (1, 2)}),
        (
            losses.Tversky(alpha=0.3, beta=0.7),
            {"name": "tversky", "reduction": "sum_over_batch_size", "alpha": 0.3, "beta": 0.7, "axis": None},
        ),
        (losses.CTC(), {"name": "ctc", "reduction": "sum_over_batch_size"}),
        (
            losses.Circle(gamma=64.0, remove_diagonal=False),
            {"name": "circle", "reduction": "sum_over_batch_size", "gamma": 64.0, "margin": 0.4, "remove_diagonal": False},
        ),
    ],
)
def test_configs(loss, config):
    assert loss.get_config() == config
    assert type(loss).from_config(config).get_config() == config
