"""Crossentropy losses on hand-computed cases: binary, categorical, sparse, their focal variants and the
generalized crossentropy; epsilon clipping, label smoothing, logits, ignore_class and bad labels."""

import math
import warnings

import numpy as np
import pytest
import torch

import kerastorch as keras
from kerastorch import losses

EPS = 1e-7


def _bce(y, p):
    p = min(max(p, EPS), 1 - EPS)
    return -(y * math.log(p) + (1 - y) * math.log(1 - p))


def test_binary_crossentropy_probabilities():
    y_true = [[0.0, 1.0], [0.0, 0.0]]
    y_pred = [[0.6, 0.4], [0.4, 0.6]]
    expected = [(_bce(0, 0.6) + _bce(1, 0.4)) / 2, (_bce(0, 0.4) + _bce(0, 0.6)) / 2]
    torch.testing.assert_close(losses.binary_crossentropy(y_true, y_pred), torch.tensor(expected))
    assert losses.BinaryCrossentropy()(y_true, y_pred).item() == pytest.approx(sum(expected) / 2, rel=1e-6)


def test_binary_crossentropy_clips_certain_mistakes():
    # p = 0 for a positive label would be infinite; clipped at epsilon it is -log(1e-7) = 16.118.
    value = losses.binary_crossentropy([[1.0]], [[0.0]])
    assert value.item() == pytest.approx(-math.log(EPS), rel=1e-5)


def test_binary_crossentropy_from_logits():
    logits = torch.tensor([[-18.6, 0.51], [2.94, -12.8]])
    y_true = torch.tensor([[0.0, 1.0], [0.0, 0.0]])
    probs = torch.sigmoid(logits.double())
    expected = -(y_true * torch.log(probs) + (1 - y_true) * torch.log(1 - probs)).mean(-1).float()
    torch.testing.assert_close(losses.binary_crossentropy(y_true, logits, from_logits=True), expected)
    assert losses.BinaryCrossentropy(from_logits=True)(y_true, logits).item() == pytest.approx(0.8654, abs=1e-4)
    weighted = losses.BinaryCrossentropy(from_logits=True)(y_true, logits, sample_weight=[0.8, 0.2])
    assert weighted.item() == pytest.approx(0.2436386, rel=1e-6)


def test_binary_crossentropy_label_smoothing():
    # label_smoothing 0.2: 1 -> 0.9, 0 -> 0.1
    value = losses.BinaryCrossentropy(label_smoothing=0.2)([[1.0, 0.0]], [[0.7, 0.2]])
    expected = (_bce(0.9, 0.7) + _bce(0.1, 0.2)) / 2
    assert value.item() == pytest.approx(expected, rel=1e-6)


def test_binary_crossentropy_shape_mismatch():
    with pytest.raises(ValueError, match=r"target.shape=\(2, 3\), output.shape=\(2, 2\)"):
        losses.binary_crossentropy(torch.zeros(2, 3), torch.full((2, 2), 0.5))


def test_binary_focal_crossentropy():
    y_true = [[0.0, 1.0]]
    y_pred = [[0.6, 0.4]]
    gamma = 2.0
    focal = [(0.6**gamma) * _bce(0, 0.6), (0.6**gamma) * _bce(1, 0.4)]  # p_t = 0.4 for both
    assert losses.binary_focal_crossentropy(y_true, y_pred, gamma=gamma).item() == pytest.approx(np.mean(focal), rel=1e-6)
    balanced = [0.75 * focal[0], 0.25 * focal[1]]
    value = losses.BinaryFocalCrossentropy(apply_class_balancing=True, alpha=0.25)(y_true, y_pred)
    assert value.item() == pytest.approx(np.mean(balanced), rel=1e-6)


def test_binary_focal_gamma_zero_is_binary_crossentropy():
    y_true, y_pred = torch.randint(0, 2, (4, 3)).float(), torch.rand(4, 3) * 0.98 + 0.01
    torch.testing.assert_close(
        losses.binary_focal_crossentropy(y_true, y_pred, gamma=0.0), losses.binary_crossentropy(y_true, y_pred)
    )


def test_binary_focal_from_logits_documented_value():
    loss = losses.BinaryFocalCrossentropy(gamma=2, from_logits=True)
    assert loss([0, 1, 0, 0], [-18.6, 0.51, 2.94, -12.8]).item() == pytest.approx(0.691, abs=1e-3)


def test_categorical_crossentropy_probabilities():
    y_true = [[0, 1, 0], [0, 0, 1]]
    y_pred = [[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]]
    torch.testing.assert_close(
        losses.categorical_crossentropy(y_true, y_pred), torch.tensor([-math.log(0.95), -math.log(0.1)])
    )
    cce = losses.CategoricalCrossentropy()
    assert cce(y_true, y_pred).item() == pytest.approx(1.1769, abs=1e-4)
    assert cce(y_true, y_pred, sample_weight=[0.3, 0.7]).item() == pytest.approx(0.8135, abs=1e-4)


def test_categorical_crossentropy_renormalizes_probabilities():
    # Scores (1, 3) are read as probabilities (0.25, 0.75).
    value = losses.categorical_crossentropy([[0.0, 1.0]], [[1.0, 3.0]])
    assert value.item() == pytest.approx(-math.log(0.75), rel=1e-6)


def test_categorical_crossentropy_from_logits_and_smoothing():
    logits = torch.tensor([[1.0, 2.0, 0.5]])
    y_true = torch.tensor([[0.0, 1.0, 0.0]])
    log_p = torch.log_softmax(logits, -1)
    torch.testing.assert_close(losses.categorical_crossentropy(y_true, logits, from_logits=True), -log_p[:, 1])
    smoothed = y_true * 0.7 + 0.1  # label_smoothing 0.3 over 3 classes
    expected = -(smoothed * log_p).sum(-1)
    torch.testing.assert_close(
        losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.3, reduction=None)(y_true, logits), expected
    )


def test_categorical_crossentropy_axis():
    y_true = torch.tensor([[[0.0, 1.0], [1.0, 0.0]]])  # classes on axis 1
    y_pred = torch.tensor([[[0.2, 0.6], [0.8, 0.4]]])
    expected = torch.tensor([[-math.log(0.8), -math.log(0.6)]])
    torch.testing.assert_close(losses.categorical_crossentropy(y_true, y_pred, axis=1), expected)


def test_categorical_crossentropy_errors_and_warning():
    with pytest.raises(ValueError, match="Received: axis=True"):
        losses.categorical_crossentropy([[0.0, 1.0]], [[0.5, 0.5]], axis=True)
    with pytest.raises(ValueError, match=r"target.shape=\(1, 3\), output.shape=\(1, 2\)"):
        losses.categorical_crossentropy([[0.0, 1.0, 0.0]], [[0.5, 0.5]])
    with pytest.warns(SyntaxWarning, match="binary_crossentropy"):
        losses.categorical_crossentropy([[1.0]], [[0.5]])


def test_label_smoothing_out_of_range():
    for cls in (losses.BinaryCrossentropy, losses.CategoricalCrossentropy, losses.CategoricalFocalCrossentropy):
        with pytest.raises(ValueError, match="Received: label_smoothing=1.5"):
            cls(label_smoothing=1.5)


def test_categorical_focal_crossentropy():
    y_true = [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    y_pred = [[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]]
    expected = [0.25 * 0.05**2 * -math.log(0.95), 0.25 * 0.9**2 * -math.log(0.1)]
    torch.testing.assert_close(losses.categorical_focal_crossentropy(y_true, y_pred), torch.tensor(expected))
    assert losses.CategoricalFocalCrossentropy()(y_true, y_pred).item() == pytest.approx(0.23315276, rel=1e-5)


def test_categorical_focal_per_class_alpha():
    y_true = [[0.0, 1.0], [1.0, 0.0]]
    y_pred = [[0.5, 0.5], [0.5, 0.5]]
    alpha = [0.1, 0.9]
    expected = [0.9 * 0.25 * math.log(2), 0.1 * 0.25 * math.log(2)]
    torch.testing.assert_close(
        losses.categorical_focal_crossentropy(y_true, y_pred, alpha=alpha), torch.tensor(expected)
    )


def test_sparse_categorical_crossentropy():
    y_pred = [[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]]
    expected = torch.tensor([-math.log(0.95), -math.log(0.1)])
    for labels in ([1, 2], [[1], [2]], np.array([1.0, 2.0], dtype=np.float32), torch.tensor([1, 2])):
        torch.testing.assert_close(losses.sparse_categorical_crossentropy(labels, y_pred), expected)
        assert losses.SparseCategoricalCrossentropy()(labels, y_pred).item() == pytest.approx(1.1769, abs=1e-4)


def test_sparse_equals_categorical_on_one_hot():
    logits = torch.randn(5, 4)
    labels = torch.tensor([0, 3, 1, 1, 2])
    one_hot = torch.nn.functional.one_hot(labels, 4).float()
    torch.testing.assert_close(
        losses.SparseCategoricalCrossentropy(from_logits=True, reduction=None)(labels, logits),
        losses.CategoricalCrossentropy(from_logits=True, reduction=None)(one_hot, logits),
    )


def test_sparse_categorical_crossentropy_sequences_and_axis():
    logits = torch.randn(2, 3, 4)
    labels = torch.randint(0, 4, (2, 3))
    expected = torch.nn.functional.cross_entropy(logits.reshape(6, 4), labels.reshape(6), reduction="none").reshape(2, 3)
    torch.testing.assert_close(losses.sparse_categorical_crossentropy(labels, logits, from_logits=True), expected)
    moved = logits.movedim(-1, 1)
    torch.testing.assert_close(
        losses.sparse_categorical_crossentropy(labels, moved, from_logits=True, axis=1), expected
    )


def test_sparse_ignore_class_masks_the_mean():
    logits = torch.tensor([[2.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 3.0]])
    labels = torch.tensor([0, -1, 2])
    per = losses.sparse_categorical_crossentropy(labels, logits, from_logits=True, ignore_class=-1)
    kept = torch.nn.functional.cross_entropy(logits[[0, 2]], labels[[0, 2]], reduction="none")
    torch.testing.assert_close(per, torch.stack([kept[0], torch.tensor(0.0), kept[1]]))
    assert per._keras_mask.tolist() == [True, False, True]
    loss = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1)
    assert loss(labels, logits).item() == pytest.approx(kept.mean().item(), rel=1e-6)  # mean over the 2 kept


def test_sparse_ignore_class_gradients_are_finite():
    y_pred = torch.tensor([[0.2, 0.8], [0.5, 0.5]], requires_grad=True)
    losses.SparseCategoricalCrossentropy(ignore_class=1)(torch.tensor([0, 1]), y_pred).backward()
    assert torch.isfinite(y_pred.grad).all()
    assert torch.equal(y_pred.grad[1], torch.zeros(2))


@pytest.mark.parametrize("from_logits", [False, True])
@pytest.mark.parametrize("label", [3, 7, -1, -100])
def test_sparse_out_of_range_label_is_a_value_error(from_logits, label):
    loss = losses.SparseCategoricalCrossentropy(from_logits=from_logits)
    with pytest.raises(ValueError, match=rf"Received: label={label}, num_classes=3"):
        loss([0, label], [[0.2, 0.5, 0.3], [0.1, 0.1, 0.8]])


def test_sparse_shape_mismatch():
    with pytest.raises(ValueError, match=r"target.shape=\(3,\), output.shape=\(2, 3\)"):
        losses.sparse_categorical_crossentropy([0, 1, 2], [[0.2, 0.5, 0.3], [0.1, 0.1, 0.8]])


def test_categorical_generalized_cross_entropy():
    y_true = np.array([0, 1, 0, 1])
    y_pred = np.array([[0.7, 0.3], [0.2, 0.8], [0.6, 0.4], [0.4, 0.6]])
    p = np.array([0.7, 0.8, 0.6, 0.6])
    expected = (1 - p**0.5) / 0.5
    torch.testing.assert_close(
        losses.CategoricalGeneralizedCrossEntropy(reduction=None)(y_true, y_pred), torch.tensor(expected, dtype=torch.float32)
    )
    # (batch, 1) labels give the same per-sample losses (Keras broadcasts them into a matrix).
    torch.testing.assert_close(
        losses.CategoricalGeneralizedCrossEntropy(reduction=None)(y_true[:, None], y_pred),
        torch.tensor(expected, dtype=torch.float32),
    )


@pytest.mark.parametrize("q", [0.0, 1.0, -0.5, "0.5"])
def test_generalized_cross_entropy_q_range(q):
    with pytest.raises(ValueError, match="Received: q="):
        losses.CategoricalGeneralizedCrossEntropy(q=q)


@pytest.mark.parametrize(
    "loss,config",
    [
        (
            losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1, axis=0),
            {"name": "binary_crossentropy", "reduction": "sum_over_batch_size", "from_logits": True, "label_smoothing": 0.1, "axis": 0},
        ),
        (
            losses.BinaryFocalCrossentropy(apply_class_balancing=True, alpha=0.3, gamma=1.0),
            {"name": "binary_focal_crossentropy", "reduction": "sum_over_batch_size", "from_logits": False,
             "label_smoothing": 0.0, "axis": -1, "apply_class_balancing": True, "alpha": 0.3, "gamma": 1.0},
        ),
        (
            losses.CategoricalCrossentropy(reduction="sum"),
            {"name": "categorical_crossentropy", "reduction": "sum", "from_logits": False, "label_smoothing": 0.0, "axis": -1},
        ),
        (
            losses.CategoricalFocalCrossentropy(alpha=[0.2, 0.8]),
            {"name": "categorical_focal_crossentropy", "reduction": "sum_over_batch_size", "from_logits": False,
             "label_smoothing": 0.0, "axis": -1, "alpha": [0.2, 0.8], "gamma": 2.0},
        ),
        (
            losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=255, axis=1),
            {"name": "sparse_categorical_crossentropy", "reduction": "sum_over_batch_size", "from_logits": True, "ignore_class": 255},
        ),
        (
            losses.CategoricalGeneralizedCrossEntropy(q=0.3),
            {"name": "categorical_generalized_cross_entropy", "reduction": "sum_over_batch_size", "q": 0.3},
        ),
    ],
)
def test_configs(loss, config):
    assert loss.get_config() == config
    assert type(loss).from_config(config).get_config() == config


@pytest.mark.parametrize("loss", ["sparse_categorical_crossentropy", keras.losses.sparse_categorical_crossentropy,
                                  keras.losses.SparseCategoricalCrossentropy()])
def test_sparse_labels_stay_integers_in_a_compiled_loss(loss):
    # Class indices go to the kernel as they are, whichever way the loss was named in compile (Keras's float
    # round trip gives the same values and costs two kernels a step).
    from torch.utils._python_dispatch import TorchDispatchMode

    casts = []

    class RecordCasts(TorchDispatchMode):
        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            kwargs = kwargs or {}
            if func is torch.ops.aten._to_copy.default and not args[0].is_floating_point():
                casts.append((args[0].dtype, kwargs.get("dtype")))
            return func(*args, **kwargs)

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="softmax")])
    model.compile(optimizer="sgd", loss=loss)
    x, y = np.ones((8, 3), "float32"), np.arange(8) % 4
    model.train_on_batch(x, y)
    with RecordCasts():
        model.train_on_batch(x, y)
    assert casts == []
