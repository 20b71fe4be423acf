"""keras.initializers: values, statistics, seeds, configs, get/serialize/deserialize and errors."""

import math

import numpy as np
import pytest
import torch

from kerastorch import initializers
from kerastorch import utils
from kerastorch.backend import config as backend_config
from kerastorch.backend.random import SeedGenerator
from kerastorch.initializers.variance_scaling import compute_fans

RANDOM = ["RandomNormal", "RandomUniform", "TruncatedNormal", "VarianceScaling", "GlorotUniform", "GlorotNormal",
          "HeUniform", "HeNormal", "LecunUniform", "LecunNormal", "Orthogonal"]  # fmt: skip


def test_constant_initializers():
    np.testing.assert_array_equal(initializers.Zeros()((2, 3)).numpy(), np.zeros((2, 3)))
    np.testing.assert_array_equal(initializers.Ones()([3]).numpy(), np.ones(3))
    np.testing.assert_array_equal(initializers.Constant(2.5)((2, 2)).numpy(), np.full((2, 2), 2.5))
    np.testing.assert_array_equal(initializers.Constant(2.7)((2,), dtype="int32").numpy(), [2, 2])
    np.testing.assert_array_equal(initializers.Identity(gain=3.0)((2, 3)).numpy(), [[3, 0, 0], [0, 3, 0]])
    assert initializers.Identity()((2, 2), dtype="bfloat16").dtype == torch.bfloat16


def test_constant_result_is_writable():
    values = initializers.Constant(1.0)((2, 2))
    values[0, 0] = 5.0
    assert values.sum().item() == 8.0


@pytest.mark.parametrize("name", RANDOM + ["Zeros", "Ones", "Constant", "Identity"])
@pytest.mark.parametrize("dtype,expected", [(None, torch.float32), ("float64", torch.float64), (torch.float64, torch.float64)])
def test_dtype_and_device(name, dtype, expected):
    values = getattr(initializers, name)()((4, 4), dtype=dtype)
    assert isinstance(values, torch.Tensor) and not isinstance(values, torch.nn.Parameter)
    assert values.dtype == expected and values.shape == (4, 4)
    assert values.device == torch.device("cpu")


def test_floatx_is_the_default_dtype():
    backend_config.set_floatx("float64")
    try:
        assert initializers.GlorotUniform(seed=1)((2, 2)).dtype == torch.float64
    finally:
        backend_config.set_floatx("float32")


@pytest.mark.parametrize("name", RANDOM)
def test_int_seed_repeats_and_differs_by_seed(name):
    a, b = getattr(initializers, name)(seed=1), getattr(initializers, name)(seed=2)
    np.testing.assert_array_equal(a((6, 5)).numpy(), a((6, 5)).numpy())
    assert not np.allclose(a((6, 5)).numpy(), b((6, 5)).numpy())


@pytest.mark.parametrize("name", RANDOM)
def test_unseeded_is_fixed_at_construction_and_reproducible(name):
    utils.set_random_seed(3)
    first = getattr(initializers, name)()
    second = getattr(initializers, name)()
    np.testing.assert_array_equal(first((4, 4)).numpy(), first((4, 4)).numpy())
    assert not np.allclose(first((4, 4)).numpy(), second((4, 4)).numpy())
    utils.set_random_seed(3)
    np.testing.assert_array_equal(getattr(initializers, name)()((4, 4)).numpy(), first((4, 4)).numpy())


def test_seed_generator_gives_new_values_each_call():
    init = initializers.RandomUniform(seed=SeedGenerator(5))
    assert not np.allclose(init((3, 3)).numpy(), init((3, 3)).numpy())


def test_random_normal_and_uniform_statistics():
    normal = initializers.RandomNormal(mean=1.0, stddev=2.0, seed=0)((200, 200)).numpy()
    assert abs(normal.mean() - 1.0) < 0.03 and abs(normal.std() - 2.0) < 0.03
    uniform = initializers.RandomUniform(minval=-3.0, maxval=1.0, seed=0)((200, 200)).numpy()
    assert uniform.min() >= -3.0 and uniform.max() < 1.0 and abs(uniform.mean() + 1.0) < 0.03


def test_truncated_normal_stays_within_two_stddev():
    values = initializers.TruncatedNormal(mean=0.5, stddev=0.1, seed=0)((300, 300)).numpy()
    # As in Keras on torch, each value takes the first of four normal draws inside the bounds; when all four
    # fall outside (probability ~4e-6) the first is kept, so a rare value lies beyond two stddev.
    outside = (values < 0.5 - 0.2) | (values > 0.5 + 0.2)
    assert outside.sum() <= 3
    assert abs(values.std() - 0.1 * 0.87962566) < 0.002


@pytest.mark.parametrize(
    "name,shape,limit",
    [
        ("GlorotUniform", (20, 30), math.sqrt(6 / 50)),
        ("HeUniform", (20, 30), math.sqrt(6 / 20)),
        ("LecunUniform", (20, 30), math.sqrt(3 / 20)),
        ("GlorotUniform", (3, 3, 4, 8), math.sqrt(6 / (36 + 72))),
    ],
)
def test_uniform_limits(name, shape, limit):
    values = getattr(initializers, name)(seed=0)(shape).numpy()
    assert values.max() <= limit and values.min() >= -limit and values.max() > 0.9 * limit


@pytest.mark.parametrize(
    "name,stddev", [("GlorotNormal", math.sqrt(2 / 500)), ("HeNormal", math.sqrt(2 / 200)), ("LecunNormal", math.sqrt(1 / 200))]
)
def test_normal_schemes_stddev(name, stddev):
    values = getattr(initializers, name)(seed=0)((200, 300)).numpy()
    assert abs(values.std() / stddev - 1) < 0.02


def test_variance_scaling_untruncated_and_fan_modes():
    values = initializers.VarianceScaling(scale=4.0, mode="fan_out", distribution="untruncated_normal", seed=0)((50, 400))
    assert abs(values.std().item() - math.sqrt(4.0 / 400)) < 0.002


def test_compute_fans():
    assert compute_fans(()) == (1, 1)
    assert compute_fans((7,)) == (7, 7)
    assert compute_fans((3, 5)) == (3, 5)
    assert compute_fans((3, 3, 4, 8)) == (36, 72)
    assert compute_fans((3, 4, 5), input_axes=[0, 1], output_axes=[2]) == (12, 5)


@pytest.mark.parametrize("shape", [(6, 4), (4, 6), (3, 3, 2, 5)])
def test_orthogonal(shape):
    values = initializers.Orthogonal(gain=2.0, seed=0)(shape).reshape(-1, shape[-1]).double()
    small = min(values.shape)
    gram = values.T @ values if values.shape[0] >= values.shape[1] else values @ values.T
    np.testing.assert_allclose(gram.numpy(), 4.0 * np.eye(small), atol=1e-5)


def test_stft_values():
    kernel = initializers.STFT(side="real", window=None, scaling=None)((4, 1, 3)).numpy()
    t, f = np.arange(4).reshape(4, 1, 1), np.arange(3).reshape(1, 1, 3)
    np.testing.assert_allclose(kernel, np.cos(-2 * np.pi * t * f / 4), atol=1e-6)
    imag = initializers.STFT(side="imag", window="hann", scaling="density", periodic=True)((4, 1, 3)).numpy()
    hann = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(4) / 4)).reshape(4, 1, 1)
    np.testing.assert_allclose(imag, np.sin(-2 * np.pi * t * f / 4) * hann / np.sqrt((hann**2).sum()), atol=1e-6)
    symmetric = initializers.STFT(window="hamming", scaling="spectrum")((5, 1, 3)).numpy()
    hamming = (0.54 - 0.46 * np.cos(2 * np.pi * np.arange(5) / 4)).reshape(5, 1, 1)
    f5 = np.arange(3).reshape(1, 1, 3)
    expected = np.cos(-2 * np.pi * np.arange(5).reshape(5, 1, 1) * f5 / 4) * hamming / hamming.sum()
    np.testing.assert_allclose(symmetric, expected, atol=1e-6)


@pytest.mark.parametrize(
    "make,match",
    [
        (lambda: initializers.VarianceScaling(scale=0.0), "Received: scale=0.0"),
        (lambda: initializers.VarianceScaling(mode="fan_max"), "Received: mode=fan_max"),
        (lambda: initializers.VarianceScaling(distribution="cauchy"), "Received: distribution=cauchy"),
        (lambda: initializers.RandomNormal(seed="7"), "Received: seed='7'"),
        (lambda: initializers.Identity()((2, 2, 2)), r"Received: shape=\(2, 2, 2\)"),
        (lambda: initializers.Orthogonal(seed=1)((5,)), r"Received: shape=\(5,\)"),
        (lambda: initializers.STFT(side="both"), "Received: side='both'"),
        (lambda: initializers.STFT(scaling="power"), "Received: scaling='power'"),
        (lambda: initializers.STFT(window="no_such_window"), "Received: window='no_such_window'"),
        (lambda: initializers.STFT(window=[1.0, 1.0])((3, 1, 2)), r"window shape=\(2,\)"),
        (lambda: initializers.get("nope"), "Received: identifier='nope'"),
        (lambda: initializers.get(3), "Received: identifier=3"),
        (lambda: initializers.get(torch.ones(2))((3,)), r"Received: shape=\(3,\)"),
    ],
)
def test_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_get_unknown_lists_valid_names():
    with pytest.raises(ValueError) as info:
        initializers.get("nope")
    assert "'glorot_uniform'" in str(info.value) and "'Zeros'" in str(info.value)


def test_get():
    assert initializers.get(None) is None
    assert isinstance(initializers.get("glorot_uniform"), initializers.GlorotUniform)
    assert isinstance(initializers.get("uniform"), initializers.RandomUniform)
    assert isinstance(initializers.get(initializers.HeNormal), initializers.HeNormal)
    init = initializers.Ones()
    assert initializers.get(init) is init
    fn = lambda shape, dtype=None: torch.zeros(shape)  # noqa: E731
    assert initializers.get(fn) is fn
    assert initializers.get({"class_name": "Constant", "config": {"value": 4.0}})((1,)).item() == 4.0
    from_array = initializers.get(np.array([[1.0, 2.0]]))
    np.testing.assert_array_equal(from_array((1, 2), dtype="float64").numpy(), [[1.0, 2.0]])
    assert from_array((1, 2)).dtype == torch.float32


def test_lowercase_aliases_are_the_classes():
    assert initializers.glorot_uniform is initializers.GlorotUniform
    assert initializers.orthogonal is initializers.OrthogonalInitializer is initializers.Orthogonal
    assert initializers.stft is initializers.STFTInitializer is initializers.STFT


@pytest.mark.parametrize("name", RANDOM)
def test_config_round_trip_keeps_values(name):
    init = getattr(initializers, name)(seed=12)
    rebuilt = initializers.deserialize(initializers.serialize(init))
    assert type(rebuilt) is type(init) and rebuilt.get_config() == init.get_config()
    np.testing.assert_array_equal(rebuilt((3, 4)).numpy(), init((3, 4)).numpy())
    np.testing.assert_array_equal(init.clone()((3, 4)).numpy(), init((3, 4)).numpy())


def test_unseeded_config_stays_unseeded():
    init = initializers.GlorotUniform()
    assert init.get_config() == {"seed": None, "input_axes": None, "output_axes": None}
    assert isinstance(init.seed, int)


def test_serialize_format():
    assert initializers.serialize(initializers.VarianceScaling(seed=1)) == {
        "module": "keras.initializers",
        "class_name": "VarianceScaling",
        "config": {"seed": 1, "scale": 1.0, "mode": "fan_in", "distribution": "truncated_normal",
                   "input_axes": None, "output_axes": None},
        "registered_name": None,
    }  # fmt: skip
    assert initializers.Identity(gain=2.0).get_config() == {"gain": 2.0}
    assert initializers.Constant(3).get_config() == {"value": 3}
    assert initializers.STFT().get_config() == {"side": "real", "window": "hann", "periodic": False, "scaling": "density"}


def test_config_with_serialized_seed_generator():
    init = initializers.RandomNormal(seed=SeedGenerator(4))
    assert init.get_config()["seed"]["class_name"] == "SeedGenerator"
    assert init.get_config()["seed"]["config"] == {"seed": 4, "name": "seed_generator"}
