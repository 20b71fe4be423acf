"""UpSampling1D: the contract, values, bad arguments."""

import numpy as np
import pytest

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [({}, (2, 4, 3), (2, 8, 3)), ({"size": 3}, (2, 4, 3), (2, 12, 3))])
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.UpSampling1D, kwargs, input_shape=shape, expected_output_shape=out_shape)


def test_values():
    x = np.array([1, 2], dtype="float32").reshape(1, 2, 1)
    np.testing.assert_allclose(keras.layers.UpSampling1D(3)(x)[0, :, 0].numpy(), [1, 1, 1, 2, 2, 2])


def test_bad_arguments():
    with pytest.raises(TypeError, match="Received: size='2'"):
        keras.layers.UpSampling1D("2")
    with pytest.raises(ValueError, match="Received: size=0"):
        keras.layers.UpSampling1D(0)
