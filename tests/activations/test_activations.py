"""keras.activations: hand-computed values, names, (de)serialization, errors, autograd and devices."""

import math

import numpy as np
import pytest
import torch

from kerastorch import activations
from kerastorch.saving import register_keras_serializable
from kerastorch.saving import serialization_lib

X = [-4.0, -1.0, -0.25, 0.0, 0.5, 2.0, 7.0]


def _sigmoid(v):
    return 1.0 / (1.0 + math.exp(-v))


# (name, kwargs, elementwise reference in plain Python)
ELEMENTWISE = [
    ("relu", {}, lambda v: max(v, 0.0)),
    ("relu", {"negative_slope": 0.5}, lambda v: v if v > 0 else 0.5 * v),
    ("relu", {"max_value": 1.0}, lambda v: min(max(v, 0.0), 1.0)),
    ("relu", {"threshold": 1.0}, lambda v: v if v > 1.0 else 0.0),
    ("relu", {"negative_slope": 0.5, "threshold": 1.0}, lambda v: v if v > 1.0 else 0.5 * (v - 1.0)),
    ("relu6", {}, lambda v: min(max(v, 0.0), 6.0)),
    ("leaky_relu", {}, lambda v: v if v > 0 else 0.2 * v),
    ("elu", {"alpha": 2.0}, lambda v: v if v > 0 else 2.0 * (math.exp(v) - 1)),
    ("selu", {}, lambda v: 1.0507009873554805 * (v if v > 0 else 1.6732632423543772 * (math.exp(v) - 1))),
    ("celu", {"alpha": 2.0}, lambda v: v if v > 0 else 2.0 * (math.exp(v / 2.0) - 1)),
    ("gelu", {}, lambda v: 0.5 * v * (1 + math.erf(v / math.sqrt(2)))),
    ("gelu", {"approximate": True}, lambda v: 0.5 * v * (1 + math.tanh(math.sqrt(2 / math.pi) * (v + 0.044715 * v**3)))),
    ("silu", {}, lambda v: v * _sigmoid(v)),
    ("swish", {}, lambda v: v * _sigmoid(v)),
    ("sigmoid", {}, _sigmoid),
    ("log_sigmoid", {}, lambda v: math.log(_sigmoid(v))),
    ("hard_sigmoid", {}, lambda v: min(max(v / 6 + 0.5, 0.0), 1.0)),
    ("hard_silu", {}, lambda v: v * min(max(v + 3, 0.0), 6.0) / 6),
    ("hard_swish", {}, lambda v: v * min(max(v + 3, 0.0), 6.0) / 6),
    ("softplus", {}, lambda v: math.log1p(math.exp(v))),
    ("softsign", {}, lambda v: v / (abs(v) + 1)),
    ("soft_shrink", {}, lambda v: v - 0.5 if v > 0.5 else (v + 0.5 if v < -0.5 else 0.0)),
    ("hard_shrink", {"threshold": 1.0}, lambda v: v if abs(v) > 1.0 else 0.0),
    ("tanh", {}, math.tanh),
    ("tanh_shrink", {}, lambda v: v - math.tanh(v)),
    ("hard_tanh", {}, lambda v: min(max(v, -1.0), 1.0)),
    ("mish", {}, lambda v: v * math.tanh(math.log1p(math.exp(v)))),
    ("exponential", {}, math.exp),
    ("linear", {}, lambda v: v),
    ("sparse_plus", {}, lambda v: 0.0 if v <= -1 else (0.25 * (v + 1) ** 2 if v < 1 else v)),
    ("sparse_sigmoid", {}, lambda v: 0.0 if v <= -1 else (0.5 * (v + 1) if v < 1 else 1.0)),
    ("squareplus", {}, lambda v: (v + math.sqrt(v * v + 4)) / 2),
    ("squareplus", {"b": 1}, lambda v: (v + math.sqrt(v * v + 1)) / 2),
    ("threshold", {"threshold": 0.0, "default_value": -9.0}, lambda v: v if v > 0 else -9.0),
]


@pytest.mark.parametrize("name,kwargs,reference", ELEMENTWISE, ids=[f"{n}-{k}" for n, k, _ in ELEMENTWISE])
def test_elementwise_values(name, kwargs, reference):
    out = getattr(activations, name)(torch.tensor(X, dtype=torch.float64), **kwargs)
    np.testing.assert_allclose(out.numpy(), [reference(v) for v in X], rtol=1e-12, atol=1e-12)


def test_softmax_and_log_softmax():
    x = torch.tensor([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]], dtype=torch.float64)
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(activations.softmax(x).numpy(), [e / e.sum(), [1 / 3] * 3], rtol=1e-12)
    np.testing.assert_allclose(activations.log_softmax(x).numpy(), np.log([e / e.sum(), [1 / 3] * 3]), rtol=1e-12)
    np.testing.assert_allclose(activations.softmax(x, axis=0).numpy()[:, 0], [math.e / (1 + math.e), 1 / (1 + math.e)])
    np.testing.assert_allclose(activations.softmax(x, axis=None).numpy().sum(), 1.0)
    np.testing.assert_allclose(activations.softmax(x, axis=(0, 1)).numpy(), activations.softmax(x, axis=None).numpy())


def test_softmax_warns_on_size_one_axis():
    with pytest.warns(UserWarning, match="has size 1"):
        out = activations.softmax(torch.ones(3, 1))
    np.testing.assert_array_equal(out.numpy(), np.ones((3, 1)))


def test_glu_halves_the_axis():
    x = torch.tensor([[1.0, 2.0, 0.0, 3.0]])
    np.testing.assert_allclose(activations.glu(x).numpy(), [[0.5, 2 * _sigmoid(3.0)]], rtol=1e-6)


def test_sparsemax_projects_onto_simplex():
    x = torch.tensor([[0.5, 0.4, -1.0], [3.0, 0.0, 0.0], [0.1, 0.1, 0.1]], dtype=torch.float64)
    out = activations.sparsemax(x).numpy()
    np.testing.assert_allclose(out, [[0.55, 0.45, 0.0], [1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3]], rtol=1e-12)
    np.testing.assert_allclose(activations.sparsemax(x.T, axis=0).numpy(), out.T, rtol=1e-12)


def test_accepts_lists_and_arrays():
    assert activations.relu([-1.0, 2.0]).dtype == torch.float32
    np.testing.assert_array_equal(activations.relu([-1.0, 2.0]).numpy(), [0.0, 2.0])
    assert activations.relu(np.array([-1.0, 2.0])).dtype == torch.float64


def test_dtype_preserved():
    for dtype in (torch.float16, torch.bfloat16, torch.float64):
        x = torch.tensor([-1.0, 0.5], dtype=dtype)
        for name in ("relu", "gelu", "silu", "softmax", "sigmoid", "sparse_plus", "squareplus", "sparsemax"):
            assert getattr(activations, name)(x).dtype == dtype, name


@pytest.mark.parametrize("name", sorted(activations.ALL_OBJECTS_DICT))
def test_autograd(name):
    kwargs = {"threshold": 0.0, "default_value": 0.0} if name == "threshold" else {}
    x = torch.tensor([[-1.3, 0.7, 2.2, -0.4]], dtype=torch.float64, requires_grad=True)
    out = activations.get(name)(x, **kwargs)
    out.sum().backward()
    assert x.grad is not None and x.grad.shape == x.shape and torch.isfinite(x.grad).all()


def test_relu_gradient_values():
    x = torch.tensor([-2.0, 3.0], requires_grad=True)
    activations.relu(x, negative_slope=0.1, max_value=2.0).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [0.1, 0.0])


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
@pytest.mark.parametrize("name", sorted(activations.ALL_OBJECTS_DICT))
def test_cuda_matches_cpu(name):
    kwargs = {"threshold": 0.1, "default_value": -1.0} if name == "threshold" else {}
    x = torch.linspace(-4, 4, 64, dtype=torch.float64).reshape(8, 8)
    out = activations.get(name)(x.cuda(), **kwargs)
    assert out.device.type == "cuda"
    # torch's CUDA hardsigmoid / hardswish kernels scale by 1/6 in float32 even for float64 input.
    tol = 1e-7 if name in ("hard_sigmoid", "hard_silu", "hard_swish") else 1e-10
    np.testing.assert_allclose(out.cpu().numpy(), activations.get(name)(x, **kwargs).numpy(), rtol=tol, atol=tol)


def test_get():
    assert activations.get(None) is activations.linear
    assert activations.get("relu") is activations.relu
    assert activations.get("swish") is activations.silu
    assert activations.get("hard_swish") is activations.hard_silu
    assert activations.get(torch.tanh) is torch.tanh
    assert activations.get({"module": "keras.activations", "class_name": "function", "config": "elu",
                            "registered_name": None}) is activations.elu  # fmt: skip


def test_get_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match=r"Received: identifier='nope'") as info:
        activations.get("nope")
    assert "'relu'" in str(info.value) and "'sparsemax'" in str(info.value)
    with pytest.raises(ValueError, match="Received: identifier=3"):
        activations.get(3)


def test_serialize_builtin_is_its_name():
    assert activations.serialize(activations.relu) == "relu"
    assert activations.serialize(activations.swish) == "silu"
    for name, fn in activations.ALL_OBJECTS_DICT.items():
        assert activations.deserialize(activations.serialize(fn)) is fn, name


def test_serialize_custom_function_round_trip():
    @register_keras_serializable(package="TestActs")
    def double_it(x):
        return 2 * x

    config = activations.serialize(double_it)
    assert config == {"module": "builtins", "class_name": "function", "config": "TestActs>double_it",
                      "registered_name": "function"}  # fmt: skip
    assert activations.deserialize(config) is double_it
    assert activations.get("TestActs>double_it") is double_it


def test_serialize_unregistered_function_needs_custom_objects():
    def halve(x):
        return x / 2

    config = activations.serialize(halve)
    assert config["config"] == "halve"
    assert activations.deserialize(config, custom_objects={"halve": halve}) is halve
    with pytest.raises(ValueError, match="halve"):
        activations.deserialize(config)


def test_deserialize_unknown_name():
    with pytest.raises(ValueError, match="Received: config='nope'"):
        activations.deserialize("nope")


def test_serialize_lambda_rejected():
    with pytest.raises(ValueError, match="lambda"):
        activations.serialize(lambda x: x)


def test_serialized_form_through_serialization_lib():
    stored = serialization_lib.serialize_keras_object(activations.gelu)
    assert serialization_lib.deserialize_keras_object(stored) is activations.gelu
