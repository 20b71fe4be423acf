"""Parity of keras.regularizers and keras.constraints with real Keras on torch: penalties, projections, configs."""

import numpy as np
import pytest
import torch

REGULARIZER_CASES = [
    ("L1", {}),
    ("L1", {"l1": 0.3}),
    ("L2", {}),
    ("L2", {"l2": 1e-4}),
    ("L1L2", {}),
    ("L1L2", {"l1": 0.01}),
    ("L1L2", {"l2": 0.02}),
    ("L1L2", {"l1": 0.1, "l2": 0.2}),
    ("OrthogonalRegularizer", {}),
    ("OrthogonalRegularizer", {"factor": 0.5, "mode": "columns"}),
]
CONSTRAINT_CASES = [
    ("MaxNorm", {}),
    ("MaxNorm", {"max_value": 0.5, "axis": 1}),
    ("MaxNorm", {"max_value": 1.0, "axis": [0, 1, 2]}),
    ("MinMaxNorm", {}),
    ("MinMaxNorm", {"min_value": 0.5, "max_value": 1.5, "rate": 0.3, "axis": 1}),
    ("MinMaxNorm", {"min_value": 1.0, "max_value": 2.0, "axis": [0, 1, 2]}),
    ("NonNeg", {}),
    ("UnitNorm", {}),
    ("UnitNorm", {"axis": [0, 1, 2]}),
    ("UnitNorm", {"axis": -1}),
    ("Constraint", {}),
]


def _ids(cases):
    return [f"{n}-{k}" for n, k in cases]


@pytest.fixture
def w():
    return torch.randn(3, 3, 4, 5, generator=torch.Generator().manual_seed(0))


@pytest.mark.parametrize("name,kwargs", REGULARIZER_CASES, ids=_ids(REGULARIZER_CASES))
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_regularizer_values(keras_ref, kt, w, name, kwargs, dtype):
    x = w.reshape(9, 20).to(dtype) if name == "OrthogonalRegularizer" else w.to(dtype)
    ours = getattr(kt.regularizers, name)(**kwargs)(x)
    ref = getattr(keras_ref.regularizers, name)(**kwargs)(x)
    assert ours.dtype == ref.dtype == dtype
    assert ours.shape == ()
    tol = 1e-6 if dtype == torch.float32 else 1e-13
    if name == "OrthogonalRegularizer" and dtype == torch.float64:
        # Real Keras's normalize caps the inverse norm with ops.minimum(x, 1 / epsilon), which on torch rounds a
        # float64 tensor through float32; kerastorch stays in float64 (it matches a NumPy float64 reference).
        tol = 1e-7
    np.testing.assert_allclose(ours.item(), ref.item(), rtol=tol, atol=tol)


@pytest.mark.parametrize("name,kwargs", REGULARIZER_CASES, ids=_ids(REGULARIZER_CASES))
def test_regularizer_config(keras_ref, kt, name, kwargs):
    ours, ref = getattr(kt.regularizers, name)(**kwargs), getattr(keras_ref.regularizers, name)(**kwargs)
    assert ours.get_config() == ref.get_config()
    assert kt.regularizers.serialize(ours) == keras_ref.regularizers.serialize(ref)
    rebuilt = kt.regularizers.deserialize(keras_ref.regularizers.serialize(ref))
    assert type(rebuilt) is type(ours) and rebuilt.get_config() == ref.get_config()


@pytest.mark.parametrize("identifier", ["l1", "l2", "L1L2", "l1l2", "orthogonal_regularizer", "OrthogonalRegularizer"])
def test_regularizer_get_by_name(keras_ref, kt, identifier):
    ours, ref = kt.regularizers.get(identifier), keras_ref.regularizers.get(identifier)
    assert type(ours).__name__ == type(ref).__name__
    assert ours.get_config() == ref.get_config()


def test_regularizer_get_l1_l2_accepted_beyond_keras(keras_ref, kt):
    # `keras.regularizers.l1_l2` is a public alias, yet real Keras's get("l1_l2") raises; kerastorch accepts it.
    with pytest.raises(ValueError):
        keras_ref.regularizers.get("l1_l2")
    assert kt.regularizers.get("l1_l2").get_config() == keras_ref.regularizers.L1L2().get_config()


@pytest.mark.parametrize("name,kwargs", CONSTRAINT_CASES, ids=_ids(CONSTRAINT_CASES))
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_constraint_values(keras_ref, kt, w, name, kwargs, dtype):
    x = w.to(dtype)
    ours = getattr(kt.constraints, name)(**kwargs)(x)
    ref = getattr(keras_ref.constraints, name)(**kwargs)(x)
    assert ours.dtype == dtype
    # Real Keras's NonNeg is ops.maximum(w, 0), which on torch returns float32 for a float64 weight; kerastorch
    # keeps the weight's dtype. The values agree.
    assert ref.dtype == (torch.float32 if name == "NonNeg" else dtype)
    ref = ref.to(dtype)
    tol = 1e-6 if dtype == torch.float32 else 1e-13
    np.testing.assert_allclose(ours.numpy(), ref.numpy(), rtol=tol, atol=tol)


@pytest.mark.parametrize("name,kwargs", CONSTRAINT_CASES, ids=_ids(CONSTRAINT_CASES))
def test_constraint_config(keras_ref, kt, name, kwargs):
    ours, ref = getattr(kt.constraints, name)(**kwargs), getattr(keras_ref.constraints, name)(**kwargs)
    assert ours.get_config() == ref.get_config()
    assert kt.constraints.serialize(ours) == keras_ref.constraints.serialize(ref)
    rebuilt = kt.constraints.deserialize(keras_ref.constraints.serialize(ref))
    assert type(rebuilt) is type(ours) and rebuilt.get_config() == ref.get_config()


@pytest.mark.parametrize("identifier", ["max_norm", "MaxNorm", "min_max_norm", "non_neg", "unit_norm", "constraint"])
def test_constraint_get_by_name(keras_ref, kt, identifier):
    ours, ref = kt.constraints.get(identifier), keras_ref.constraints.get(identifier)
    assert type(ours).__name__ == type(ref).__name__
    assert ours.get_config() == ref.get_config()


@pytest.mark.parametrize("module", ["regularizers", "constraints"])
def test_public_names_match(keras_ref, kt, module):
    public = {n for n in dir(getattr(keras_ref, module)) if not n.startswith("_")}
    assert public <= set(dir(getattr(kt, module)))
