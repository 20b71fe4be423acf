"""Discretization: the contract (piece by piece: its config is Keras's, without `trainable`), hand-computed bins,
integer inputs and integer dtypes, adapt, encoded outputs, errors."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import check_config_round_trip
from tests.layers.layer_contract import check_torch_module


@pytest.mark.parametrize("kwargs, out_shape, out_dtype", [
    ({"bin_boundaries": [0.0, 1.0]}, (2, 3), torch.int32),
    ({"bin_boundaries": [0.0, 1.0], "output_mode": "one_hot"}, (2, 3, 3), torch.float32),
    ({"bin_boundaries": [0.0], "output_mode": "count", "dtype": "int64"}, (2, 2), torch.int64),
])  # fmt: skip
def test_contract(kwargs, out_shape, out_dtype):
    config = check_config_round_trip(keras.layers.Discretization, kwargs)
    assert {"name", "dtype"} <= set(config)
    layer = keras.layers.Discretization(**kwargs)
    x = torch.randn(2, 3)
    out = layer(x)
    assert tuple(out.shape) == out_shape and out.dtype == out_dtype and not layer.weights
    check_torch_module(layer)
    inputs = keras.Input((3,))
    symbolic = keras.layers.Discretization(**kwargs)(inputs)
    assert tuple(symbolic.shape) == (None,) + out_shape[1:]
    torch.testing.assert_close(keras.Model(inputs, symbolic)(x), out)


def test_integer_inputs_and_integer_dtypes():
    # Float inputs are compared with the boundaries as floats even when the layer's dtype is an integer one (it
    # is the dtype of the encoded outputs): 0.7 is in bin 2, not truncated to 0.
    values = np.array([[-1.5, 0.2, 0.7, 2.0]], "float32")
    for dtype in (None, "int64", "float64"):
        out = keras.layers.Discretization(bin_boundaries=[0.0, 0.5, 1.0], dtype=dtype)(values)
        np.testing.assert_array_equal(out.numpy(), [[0, 1, 2, 3]])
        assert out.dtype == torch.int32
    ints = keras.layers.Discretization(bin_boundaries=[0.0, 0.5, 1.0])(torch.tensor([[-1, 0, 1, 2]]))
    np.testing.assert_array_equal(ints.numpy(), [[0, 1, 3, 3]])
    one_hot = keras.layers.Discretization(bin_boundaries=[0.5], output_mode="one_hot", dtype="int64")(values)
    assert one_hot.dtype == torch.int64
    np.testing.assert_array_equal(one_hot.numpy(), [[[1, 0], [1, 0], [0, 1], [0, 1]]])


def test_hand_computed_bins_and_config():
    layer = keras.layers.Discretization(bin_boundaries=[0.0, 1.0, 2.0])
    out = layer(np.array([[-1.0, 0.0, 0.5, 1.0, 2.5]], "float32"))
    assert out.dtype == torch.int32
    np.testing.assert_array_equal(out.numpy(), [[0, 1, 1, 2, 3]])
    config = layer.get_config()
    assert set(config) == {"bin_boundaries", "num_bins", "epsilon", "output_mode", "sparse", "name", "dtype"}
    assert keras.layers.Discretization.from_config(config).get_config() == config
    symbolic = keras.layers.Discretization(bin_boundaries=[0.0])(keras.Input((3,)))
    assert tuple(symbolic.shape) == (None, 3) and symbolic.dtype == "int32"


def test_adapt_quantiles_and_revive():
    layer = keras.layers.Discretization(num_bins=4)
    layer.adapt(np.arange(100, dtype="float32"))
    np.testing.assert_allclose(layer.bin_boundaries, [24.0, 49.0, 74.0], atol=1e-3)
    revived = keras.layers.Discretization.from_config(layer.get_config())
    assert revived.bin_boundaries == layer.bin_boundaries
    np.testing.assert_array_equal(layer(np.array([[10.0, 60.0]])).numpy(), [[0, 2]])


def test_multi_hot():
    out = keras.layers.Discretization(bin_boundaries=[0.0], output_mode="multi_hot")(np.array([[-1.0, -2.0]]))
    np.testing.assert_array_equal(out.numpy(), [[1.0, 0.0]])


def test_errors():
    with pytest.raises(ValueError, match="either `num_bins` or `bin_boundaries`"):
        keras.layers.Discretization()
    with pytest.raises(ValueError, match="only one of"):
        keras.layers.Discretization(bin_boundaries=[1.0], num_bins=2)
    with pytest.raises(ValueError, match="create it with `num_bins`"):
        keras.layers.Discretization(bin_boundaries=[1.0]).adapt(np.ones(3))
