import numpy as np
import pytest
import torch

import kerastorch as keras


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
