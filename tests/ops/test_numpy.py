import numpy as np
import pytest
import torch

from kerastorch import ops
from kerastorch.ops._dtypes import result_type


def test_result_type_rules():
    assert result_type("int32", "float32") == "float32"
    assert result_type("int32", float) == "float32"
    assert result_type("bfloat16", int) == "bfloat16"
    assert result_type("int64", "int64") == "int32"
    assert result_type("uint8", "int8") == "int16"


def test_int_float_promotion():
    assert ops.add(torch.ones(2, dtype=torch.int32), torch.ones(2)).dtype == torch.float32
    assert ops.maximum(torch.ones(2, dtype=torch.int32), 0.5).dtype == torch.float32
    assert ops.sum(torch.ones(2, dtype=torch.bool)).dtype == torch.int32
    assert ops.mean(torch.ones(2, dtype=torch.int32)).dtype == torch.float32


def test_pad_modes_follow_numpy():
    x = np.arange(12, dtype="float32").reshape(3, 4)
    for mode in ("symmetric", "reflect", "edge"):
        np.testing.assert_array_equal(ops.pad(x, ((1, 2), (2, 1)), mode=mode).numpy(), np.pad(x, ((1, 2), (2, 1)), mode=mode))


def test_pad_rejects_constant_values_outside_constant_mode():
    with pytest.raises(ValueError, match="Received: mode=edge"):
        ops.pad(np.ones((2, 2)), 1, mode="edge", constant_values=1)


def test_cross_follows_numpy():
    a, b = np.random.default_rng(0).standard_normal((2, 4, 3)).astype("float32")
    np.testing.assert_allclose(ops.cross(a, b).numpy(), np.cross(a, b), rtol=1e-6)


def test_split_error_names_argument():
    with pytest.raises(ValueError, match="indices_or_sections=3"):
        ops.split(np.ones((4,)), 3)


def test_squeeze_error():
    with pytest.raises(ValueError, match="Received: axis=0"):
        ops.squeeze(np.ones((2, 1)), 0)
