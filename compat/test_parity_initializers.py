"""Parity of keras.initializers with real Keras on torch: values for an integer seed, values for seed=None
after the same `set_random_seed`, and configs."""

import numpy as np
import pytest
import torch

# (class name, constructor kwargs, shape). Shapes cover a vector, a matrix, a conv kernel and a wide matrix
# (Orthogonal's transposed branch).
CASES = [
    ("RandomNormal", {}, (5, 7)),
    ("RandomNormal", {"mean": 1.0, "stddev": 2.0}, (3, 3, 4)),
    ("RandomUniform", {}, (5, 7)),
    ("RandomUniform", {"minval": -3.0, "maxval": 1.0}, (11,)),
    ("TruncatedNormal", {}, (5, 7)),
    ("TruncatedNormal", {"mean": -1.0, "stddev": 0.5}, (2, 3, 4, 5)),
    ("VarianceScaling", {}, (5, 7)),
    ("VarianceScaling", {"scale": 2.0, "mode": "fan_out", "distribution": "uniform"}, (3, 3, 4, 8)),
    ("VarianceScaling", {"mode": "fan_avg", "distribution": "untruncated_normal"}, (6, 4)),
    ("VarianceScaling", {"distribution": "normal"}, (6, 4)),
    ("VarianceScaling", {"input_axes": [0, 1], "output_axes": [2]}, (3, 4, 5)),
    ("GlorotUniform", {}, (5, 7)),
    ("GlorotUniform", {}, (3, 3, 4, 8)),
    ("GlorotNormal", {}, (5, 7)),
    ("HeUniform", {}, (5, 7)),
    ("HeNormal", {}, (3, 3, 4, 8)),
    ("LecunUniform", {}, (5, 7)),
    ("LecunNormal", {}, (5, 7)),
    ("LecunNormal", {"input_axes": [0], "output_axes": [1, 2]}, (4, 2, 3)),
    ("Orthogonal", {}, (7, 5)),
    ("Orthogonal", {"gain": 2.0}, (3, 8)),
    ("Orthogonal", {}, (3, 3, 4, 6)),
]
CONSTANT_CASES = [
    ("Zeros", {}, (3, 4)),
    ("Ones", {}, (3, 4)),
    ("Constant", {"value": 2.5}, (3, 4)),
    ("Identity", {"gain": 3.0}, (3, 5)),
    ("STFT", {"window": None, "scaling": None}, (16, 1, 9)),
    ("STFT", {"side": "imag", "window": None}, (16, 1, 9)),
    ("STFT", {"window": list(np.linspace(0.1, 1.0, 8)), "scaling": "spectrum"}, (8, 1, 5)),
    ("STFT", {"side": "imag", "window": list(np.linspace(0.1, 1.0, 8)), "scaling": "density"}, (8, 1, 5)),
]


def _np(x):
    return x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else np.asarray(x)


def _ids(cases):
    return [f"{name}-{kwargs}-{shape}" for name, kwargs, shape in cases]


@pytest.mark.parametrize("name,kwargs,shape", CASES, ids=_ids(CASES))
def test_int_seed_values(keras_ref, kt, name, kwargs, shape):
    ours = getattr(kt.initializers, name)(seed=42, **kwargs)
    ref = getattr(keras_ref.initializers, name)(seed=42, **kwargs)
    np.testing.assert_allclose(_np(ours(shape)), _np(ref(shape)), atol=1e-6, rtol=1e-6)
    np.testing.assert_array_equal(_np(ours(shape)), _np(ours(shape)))  # an int seed repeats its values


@pytest.mark.parametrize("name,kwargs,shape", CASES, ids=_ids(CASES))
def test_unseeded_values_after_set_random_seed(keras_ref, kt, name, kwargs, shape):
    # Both libraries draw the default seed from Python's `random`, which they share in this process, so
    # each is seeded right before its own constructions.
    kt.utils.set_random_seed(7)
    ours = [getattr(kt.initializers, name)(**kwargs) for _ in range(2)]
    keras_ref.utils.set_random_seed(7)
    refs = [getattr(keras_ref.initializers, name)(**kwargs) for _ in range(2)]
    for a, b in zip(ours, refs):
        np.testing.assert_allclose(_np(a(shape)), _np(b(shape)), atol=1e-6, rtol=1e-6)
    assert not np.allclose(_np(ours[0](shape)), _np(ours[1](shape)))  # two constructions, two seeds


@pytest.mark.parametrize("name,kwargs,shape", CASES, ids=_ids(CASES))
def test_float64_values(keras_ref, kt, name, kwargs, shape):
    ours = getattr(kt.initializers, name)(seed=3, **kwargs)(shape, dtype="float64")
    ref = getattr(keras_ref.initializers, name)(seed=3, **kwargs)(shape, dtype="float64")
    assert ours.dtype == torch.float64
    np.testing.assert_allclose(_np(ours), _np(ref), atol=1e-12, rtol=1e-12)


@pytest.mark.parametrize("name,kwargs,shape", CONSTANT_CASES, ids=_ids(CONSTANT_CASES))
def test_deterministic_values(keras_ref, kt, name, kwargs, shape):
    ours = getattr(kt.initializers, name)(**kwargs)(shape)
    ref = getattr(keras_ref.initializers, name)(**kwargs)(shape)
    assert tuple(ours.shape) == tuple(ref.shape)
    np.testing.assert_allclose(_np(ours), _np(ref), atol=1e-6, rtol=1e-6)


@pytest.mark.parametrize("name,kwargs,shape", CASES, ids=_ids(CASES))
@pytest.mark.parametrize("seed", [None, 5])
def test_config_equal(keras_ref, kt, name, kwargs, shape, seed):
    _check_config(kt, keras_ref, name, getattr(kt.initializers, name)(seed=seed, **kwargs),
                  getattr(keras_ref.initializers, name)(seed=seed, **kwargs))  # fmt: skip


@pytest.mark.parametrize("name,kwargs,shape", CONSTANT_CASES, ids=_ids(CONSTANT_CASES))
def test_constant_config_equal(keras_ref, kt, name, kwargs, shape):
    expected = {"gain": kwargs["gain"]} if name == "Identity" else None
    _check_config(kt, keras_ref, name, getattr(kt.initializers, name)(**kwargs),
                  getattr(keras_ref.initializers, name)(**kwargs), expected)  # fmt: skip


def _check_config(kt, keras_ref, name, ours, ref, expected=None):
    # Keras 3.15.1's Identity has no get_config and so drops `gain`; kerastorch keeps it (Keras reads it back).
    expected = expected or ref.get_config()
    assert ours.get_config() == expected
    assert list(ours.get_config()) == list(expected)  # same key order, so JSON files read the same
    assert kt.initializers.serialize(ours) == {**keras_ref.initializers.serialize(ref), "config": expected}


@pytest.mark.parametrize(
    "identifier",
    ["zeros", "Zeros", "zero", "ones", "one", "normal", "uniform", "glorot_uniform", "he_normal", "lecun_uniform",
     "orthogonal", "OrthogonalInitializer", "IdentityInitializer", "identity", "variance_scaling", "truncated_normal",
     "random_uniform"],
)  # fmt: skip
def test_get_by_name_same_class(keras_ref, kt, identifier):
    assert type(kt.initializers.get(identifier)).__name__ == type(keras_ref.initializers.get(identifier)).__name__


def test_get_constant_by_name(keras_ref, kt):
    # Real Keras 3.15.1 raises KeyError('value') here (Constant.from_config needs the key); kerastorch uses
    # the default value, as the class itself does.
    with pytest.raises(KeyError):
        keras_ref.initializers.get("constant")
    assert kt.initializers.get("constant").value == 0.0


def test_public_names_match(keras_ref, kt):
    public = {n for n in dir(keras_ref.initializers) if not n.startswith("_")}
    assert public <= set(dir(kt.initializers))


def test_keras_config_loads(keras_ref, kt):
    ref = keras_ref.initializers.VarianceScaling(scale=0.5, mode="fan_out", distribution="uniform", seed=9)
    ours = kt.initializers.deserialize(keras_ref.initializers.serialize(ref))
    assert isinstance(ours, kt.initializers.VarianceScaling)
    np.testing.assert_allclose(_np(ours((4, 6))), _np(ref((4, 6))), atol=1e-6)


def test_seed_generator_advances_like_keras(keras_ref, kt):
    from kerastorch.backend.random import SeedGenerator

    ours = kt.initializers.RandomNormal(seed=SeedGenerator(11))
    ref = keras_ref.initializers.RandomNormal(seed=keras_ref.random.SeedGenerator(11))
    first, second = _np(ours((4, 3))), _np(ours((4, 3)))
    np.testing.assert_allclose(first, _np(ref((4, 3))), atol=1e-6)
    np.testing.assert_allclose(second, _np(ref((4, 3))), atol=1e-6)
    assert not np.allclose(first, second)
