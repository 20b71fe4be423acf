"""keras.constraints: hand-computed projections, configs, get/serialize/deserialize and errors."""

import numpy as np
import pytest
import torch

from kerastorch import constraints
from kerastorch.backend import epsilon

# Column norms (axis=0): 5 and 0.5.
W = torch.tensor([[3.0, 0.3], [-4.0, 0.4]], dtype=torch.float64)


def test_max_norm():
    out = constraints.MaxNorm(max_value=2.0)(W).numpy()
    np.testing.assert_allclose(out[:, 0], W.numpy()[:, 0] * 2.0 / (5.0 + epsilon()), rtol=1e-12)
    np.testing.assert_allclose(out[:, 1], W.numpy()[:, 1] * 0.5 / (0.5 + epsilon()), rtol=1e-12)


def test_max_norm_over_several_axes():
    w = torch.ones(2, 2, 3, dtype=torch.float64)  # each [:, :, k] slice has norm 2
    out = constraints.MaxNorm(max_value=1.0, axis=[0, 1])(w)
    np.testing.assert_allclose(out.numpy(), np.full((2, 2, 3), 0.5 / (1 + epsilon() / 2)), rtol=1e-12)


def test_min_max_norm():
    out = constraints.MinMaxNorm(min_value=1.0, max_value=2.0, rate=1.0)(W).numpy()
    np.testing.assert_allclose(np.linalg.norm(out, axis=0), [2.0, 1.0], rtol=1e-6)
    half = constraints.MinMaxNorm(min_value=1.0, max_value=2.0, rate=0.5)(W).numpy()
    np.testing.assert_allclose(np.linalg.norm(half, axis=0), [0.5 * 2 + 0.5 * 5, 0.5 * 1 + 0.5 * 0.5], rtol=1e-6)


def test_unit_norm():
    out = constraints.UnitNorm(axis=1)(W).numpy()
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), [1.0, 1.0], rtol=1e-6)
    assert constraints.UnitNorm()(torch.zeros(3, 2)).abs().sum().item() == 0.0  # no 0 / 0


def test_non_neg():
    np.testing.assert_array_equal(constraints.NonNeg()(W).numpy(), [[3.0, 0.3], [0.0, 0.4]])
    assert constraints.NonNeg()(torch.tensor([-1, 2])).tolist() == [0, 2]


def test_base_constraint_is_identity():
    assert constraints.Constraint()(W) is W


def test_integer_weights_are_computed_in_floatx():
    out = constraints.UnitNorm()(torch.tensor([[3], [4]]))
    assert out.dtype == torch.float32
    np.testing.assert_allclose(out.numpy(), [[0.6], [0.8]], rtol=1e-6)


def test_dtype_preserved():
    for dtype in (torch.float16, torch.bfloat16, torch.float32):
        for c in (constraints.MaxNorm(), constraints.MinMaxNorm(), constraints.UnitNorm(), constraints.NonNeg()):
            assert c(W.to(dtype)).dtype == dtype


def test_defaults_and_configs():
    assert constraints.MaxNorm().get_config() == {"max_value": 2, "axis": 0}
    assert constraints.MinMaxNorm().get_config() == {"min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0}
    assert constraints.UnitNorm().get_config() == {"axis": 0}
    assert constraints.NonNeg().get_config() == {}


def test_get():
    assert constraints.get(None) is None
    assert isinstance(constraints.get("max_norm"), constraints.MaxNorm)
    assert isinstance(constraints.get("NonNeg"), constraints.NonNeg)
    assert isinstance(constraints.get(constraints.UnitNorm), constraints.UnitNorm)
    c = constraints.MinMaxNorm(0.1, 0.2)
    assert constraints.get(c) is c
    assert constraints.get({"class_name": "MaxNorm", "config": {"max_value": 3, "axis": 1}}).max_value == 3
    assert constraints.non_neg is constraints.NonNeg and constraints.unit_norm is constraints.UnitNorm


@pytest.mark.parametrize("identifier", ["max", 5])
def test_get_unknown(identifier):
    with pytest.raises(ValueError, match=f"Received: identifier={identifier!r}") as info:
        constraints.get(identifier)
    assert "'max_norm'" in str(info.value)


def test_deserialize_unknown_class():
    with pytest.raises(ValueError, match="MaxNorms"):
        constraints.deserialize({"module": "keras.constraints", "class_name": "MaxNorms", "config": {}})


@pytest.mark.parametrize(
    "constraint",
    [constraints.MaxNorm(3, axis=[0, 1]), constraints.MinMaxNorm(0.5, 1.5, 0.2, 1), constraints.NonNeg(),
     constraints.UnitNorm(axis=-1)],
)  # fmt: skip
def test_round_trip(constraint):
    config = constraints.serialize(constraint)
    assert config["module"] == "keras.constraints" and config["class_name"] == type(constraint).__name__
    rebuilt = constraints.deserialize(config)
    assert type(rebuilt) is type(constraint) and rebuilt.get_config() == constraint.get_config()
    w = torch.randn(3, 4, 2, generator=torch.Generator().manual_seed(0))
    np.testing.assert_array_equal(rebuilt(w).numpy(), constraint(w).numpy())
