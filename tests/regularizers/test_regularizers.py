"""keras.regularizers: hand-computed penalties, configs, get/serialize/deserialize and errors."""

import numpy as np
import pytest
import torch

from kerastorch import regularizers
from kerastorch.saving import register_keras_serializable

X = torch.tensor([[1.0, -2.0], [3.0, 0.5]], dtype=torch.float64)  # sum |x| = 6.5, sum x^2 = 14.25


@pytest.mark.parametrize(
    "regularizer,expected",
    [
        (regularizers.L1(), float(np.float32(0.01)) * 6.5),
        (regularizers.L1(l1=0.5), 0.5 * 6.5),
        (regularizers.L1(l1=None), float(np.float32(0.01)) * 6.5),
        (regularizers.L2(), 0.01 * 14.25),
        (regularizers.L2(l2=2), 2 * 14.25),
        (regularizers.L1L2(l1=0.5, l2=0.25), 0.5 * 6.5 + 0.25 * 14.25),
        (regularizers.L1L2(l1=0.5), 0.5 * 6.5),
        (regularizers.L1L2(l2=None), 0.0),
        (regularizers.L1L2(), 0.0),
    ],
)
def test_penalties(regularizer, expected):
    penalty = regularizer(X)
    assert isinstance(penalty, torch.Tensor) and penalty.shape == () and penalty.dtype == torch.float64
    np.testing.assert_allclose(penalty.item(), expected, rtol=1e-12)


def test_base_regularizer_penalizes_nothing():
    assert regularizers.Regularizer()(X) == 0.0


def test_orthogonal_regularizer():
    # Rows (1, 0), (0, 1), (1, 1)/sqrt(2): |cos| of the three pairs are 0, 1/sqrt(2), 1/sqrt(2).
    x = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype=torch.float64)
    rows = regularizers.OrthogonalRegularizer(factor=0.5)(x)
    np.testing.assert_allclose(rows.item(), 0.5 * 0.5 * (2 * 2 * (1 / np.sqrt(2))) / 3, rtol=1e-7)
    # Columns (1, 0, 1) and (0, 1, 1): cos = 1/2; one pair.
    columns = regularizers.OrthogonalRegularizer(factor=1.0, mode="columns")(x)
    np.testing.assert_allclose(columns.item(), 0.5 * 2 * 0.5 / 1, rtol=1e-7)
    assert regularizers.OrthogonalRegularizer()(torch.eye(3)).item() == 0.0


def test_gradient_flows():
    x = X.clone().requires_grad_(True)
    regularizers.L1L2(l1=0.5, l2=0.25)(x).backward()
    np.testing.assert_allclose(x.grad.numpy(), 0.5 * np.sign(X.numpy()) + 0.5 * X.numpy())


def test_float32_factor_rounding_matches_keras():
    assert regularizers.L1().get_config() == {"l1": 0.009999999776482582}
    assert regularizers.OrthogonalRegularizer().get_config() == {"factor": 0.009999999776482582, "mode": "rows"}
    assert regularizers.L2().get_config() == {"l2": 0.01}


@pytest.mark.parametrize(
    "make,match",
    [
        (lambda: regularizers.L1(l1=-1), "Received: l1=-1"),
        (lambda: regularizers.L2(l2=float("nan")), "Received: l2=nan"),
        (lambda: regularizers.L1L2(l1="0.1"), "Received: l1='0.1'"),
        (lambda: regularizers.L1L2(l2=float("inf")), "Received: l2=inf"),
        (lambda: regularizers.OrthogonalRegularizer(factor=-0.1), "Received: factor=-0.1"),
        (lambda: regularizers.OrthogonalRegularizer(mode="diagonal"), "Received: mode='diagonal'"),
        (lambda: regularizers.OrthogonalRegularizer()(torch.ones(2, 2, 2)), r"Received: inputs.shape=\(2, 2, 2\)"),
        (lambda: regularizers.get("l3"), "Received: identifier='l3'"),
        (lambda: regularizers.get(0.1), "Received: identifier=0.1"),
    ],
)
def test_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_get_unknown_lists_valid_names():
    with pytest.raises(ValueError) as info:
        regularizers.get("l3")
    assert "'l1'" in str(info.value) and "'orthogonal_regularizer'" in str(info.value)


def test_get():
    assert regularizers.get(None) is None
    assert isinstance(regularizers.get("l1"), regularizers.L1)
    assert isinstance(regularizers.get("L2"), regularizers.L2)
    assert isinstance(regularizers.get("l1_l2"), regularizers.L1L2)
    assert isinstance(regularizers.get("l1l2"), regularizers.L1L2)
    assert isinstance(regularizers.get(regularizers.OrthogonalRegularizer), regularizers.OrthogonalRegularizer)
    reg = regularizers.L2(0.3)
    assert regularizers.get(reg) is reg
    assert regularizers.get({"class_name": "L2", "config": {"l2": 0.5}}).l2 == 0.5
    assert regularizers.l1_l2 is regularizers.L1L2 and regularizers.orthogonal_regularizer is regularizers.OrthogonalRegularizer


@pytest.mark.parametrize(
    "regularizer",
    [regularizers.L1(0.2), regularizers.L2(0.3), regularizers.L1L2(0.1, 0.2),
     regularizers.OrthogonalRegularizer(0.4, "columns")],
)  # fmt: skip
def test_round_trip(regularizer):
    config = regularizers.serialize(regularizer)
    assert config["module"] == "keras.regularizers" and config["class_name"] == type(regularizer).__name__
    rebuilt = regularizers.deserialize(config)
    assert type(rebuilt) is type(regularizer) and rebuilt.get_config() == regularizer.get_config()
    x = torch.randn(4, 3, generator=torch.Generator().manual_seed(0))
    assert rebuilt(x).item() == regularizer(x).item()


def test_custom_regularizer_round_trip():
    @register_keras_serializable(package="TestRegs")
    class Half(regularizers.Regularizer):
        def __init__(self, scale=0.5):
            self.scale = scale

        def __call__(self, x):
            return self.scale * x.sum()

        def get_config(self):
            return {"scale": self.scale}

    rebuilt = regularizers.deserialize(regularizers.serialize(Half(0.25)))
    assert isinstance(rebuilt, Half) and rebuilt.scale == 0.25
    assert isinstance(regularizers.get("TestRegs>Half"), Half)
