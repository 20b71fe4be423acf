"""Parity of keras.activations with real Keras on torch: every function on the same random input, and names."""

import numpy as np
import pytest
import torch

# (function name, keyword arguments). One line per case.
CASES = [
    ("relu", {}),
    ("relu", {"negative_slope": 0.1}),
    ("relu", {"max_value": 6.0}),
    ("relu", {"max_value": 1.5}),
    ("relu", {"threshold": 0.5}),
    ("relu", {"negative_slope": 0.3, "max_value": 2.0}),
    ("relu", {"negative_slope": 0.3, "threshold": -0.5}),
    ("relu", {"negative_slope": 0.2, "max_value": 1.0, "threshold": 0.25}),
    ("leaky_relu", {}),
    ("leaky_relu", {"negative_slope": 0.01}),
    ("relu6", {}),
    ("elu", {}),
    ("elu", {"alpha": 0.5}),
    ("selu", {}),
    ("gelu", {}),
    ("gelu", {"approximate": True}),
    ("celu", {}),
    ("celu", {"alpha": 2.0}),
    ("glu", {}),
    ("glu", {"axis": 1}),
    ("silu", {}),
    ("swish", {}),
    ("sigmoid", {}),
    ("hard_sigmoid", {}),
    ("hard_silu", {}),
    ("hard_swish", {}),
    ("softmax", {}),
    ("softmax", {"axis": 1}),
    ("softmax", {"axis": (1, 2)}),
    ("softmax", {"axis": None}),
    ("log_softmax", {}),
    ("log_softmax", {"axis": 0}),
    ("log_softmax", {"axis": (0, 2)}),
    ("log_sigmoid", {}),
    ("softplus", {}),
    ("softsign", {}),
    ("soft_shrink", {}),
    ("soft_shrink", {"threshold": 1.0}),
    ("hard_shrink", {}),
    ("hard_shrink", {"threshold": 1.0}),
    ("tanh", {}),
    ("tanh_shrink", {}),
    ("hard_tanh", {}),
    ("mish", {}),
    ("exponential", {}),
    ("linear", {}),
    ("sparse_plus", {}),
    ("sparse_sigmoid", {}),
    ("squareplus", {}),
    ("squareplus", {"b": 1.0}),
    ("threshold", {"threshold": 0.3, "default_value": -1.0}),
]


@pytest.fixture
def x():
    # Spans every piecewise region used above (|x| up to 4, beyond hard_sigmoid's +-3), plus exact breakpoints.
    values = torch.linspace(-4.0, 4.0, 4 * 6 * 8 - 5)
    values = torch.cat([values, torch.tensor([-3.0, -1.0, 0.0, 1.0, 3.0])])
    return values[torch.randperm(values.numel(), generator=torch.Generator().manual_seed(0))].reshape(4, 6, 8)


@pytest.mark.parametrize("name,kwargs", CASES, ids=[f"{n}-{k}" for n, k in CASES])
def test_values_float32(keras_ref, kt, x, name, kwargs):
    ours = getattr(kt.activations, name)(x, **kwargs)
    ref = getattr(keras_ref.activations, name)(x, **kwargs)
    assert ours.dtype == ref.dtype == torch.float32
    # F.mish is one fused kernel where Keras composes x * tanh(softplus(x)): they differ by float32 rounding.
    np.testing.assert_allclose(ours.numpy(), ref.numpy(), atol=1e-6, rtol=1e-6)


@pytest.mark.parametrize("name,kwargs", CASES, ids=[f"{n}-{k}" for n, k in CASES])
def test_values_float64(keras_ref, kt, x, name, kwargs):
    x = x.double()
    ours = getattr(kt.activations, name)(x, **kwargs)
    ref = getattr(keras_ref.activations, name)(x, **kwargs)
    assert ours.dtype == torch.float64
    np.testing.assert_allclose(ours.numpy(), ref.numpy(), atol=1e-12, rtol=1e-12)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_float16(keras_ref, kt, x, name):
    x = x.half()
    ours, ref = getattr(kt.activations, name)(x), getattr(keras_ref.activations, name)(x)
    assert ours.dtype == ref.dtype == torch.float16
    np.testing.assert_array_equal(ours.numpy(), ref.numpy())


@pytest.mark.parametrize(
    "x_values",
    [[[3.0, 1.0, -2.0], [0.2, 5.0, 0.1]], [[-1.0, 0.0, 1.0]], [[10.0, 1.0, 0.0, -4.0]]],
)
def test_sparsemax_single_support(keras_ref, kt, x_values):
    # Where one entry dominates, real Keras's sparsemax is right and both agree.
    x = torch.tensor(x_values)
    np.testing.assert_allclose(kt.activations.sparsemax(x).numpy(), keras_ref.activations.sparsemax(x).numpy(), atol=1e-7)


def test_sparsemax_differs_where_keras_is_wrong(keras_ref, kt):
    # Real Keras 3.15.1 computes the threshold from the sum of running totals; with two entries in the
    # support its output no longer sums to 1. kerastorch keeps the published formula.
    x = torch.tensor([[0.5, 0.4]])
    np.testing.assert_allclose(kt.activations.sparsemax(x).numpy(), [[0.55, 0.45]], atol=1e-6)
    np.testing.assert_allclose(keras_ref.activations.sparsemax(x).numpy(), [[0.3, 0.2]], atol=1e-6)


def test_public_names_match(keras_ref, kt):
    assert {n for n in dir(keras_ref.activations) if not n.startswith("_")} <= set(dir(kt.activations))
    assert set(kt.activations.ALL_OBJECTS_DICT) == {
        n for n in dir(keras_ref.activations) if not n.startswith("_") and n not in ("get", "serialize", "deserialize")
    }


@pytest.mark.parametrize("name", [n for n, _ in CASES])
def test_serialize_same(keras_ref, kt, name):
    assert kt.activations.serialize(getattr(kt.activations, name)) == keras_ref.activations.serialize(
        getattr(keras_ref.activations, name)
    )


def test_serialized_custom_function_same(keras_ref, kt):
    def my_activation(x):
        return x

    assert kt.activations.serialize(my_activation) == keras_ref.activations.serialize(my_activation)


@pytest.mark.parametrize("name", sorted({n for n, _ in CASES}))
def test_keras_serialized_form_loads(keras_ref, kt, name):
    ref_fn = getattr(keras_ref.activations, name)
    for stored in (keras_ref.activations.serialize(ref_fn), keras_ref.saving.serialize_keras_object(ref_fn)):
        assert kt.activations.deserialize(stored) is kt.activations.get(name)


def test_serialized_registered_function_same(keras_ref, kt):
    def make():
        def scaled(x):
            return 3 * x

        return scaled

    ours = kt.saving.register_keras_serializable(package="Parity")(make())
    ref = keras_ref.saving.register_keras_serializable(package="Parity")(make())
    assert kt.activations.serialize(ours) == keras_ref.activations.serialize(ref)
    assert kt.activations.deserialize(keras_ref.activations.serialize(ref)) is ours
