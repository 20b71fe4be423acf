"""AveragePooling1D: the contract, hand-computed values, the alias, bad arguments."""

import numpy as np
import pytest

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({"pool_size": 2}, (2, 9, 3), (2, 4, 3)),
    ({"pool_size": 3, "strides": 2, "padding": "same"}, (2, 7, 3), (2, 4, 3)),
    ({"pool_size": 2, "strides": 2, "data_format": "channels_first"}, (2, 3, 8), (2, 3, 4)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.AveragePooling1D, kwargs, input_shape=shape, expected_output_shape=out_shape,
                   supports_masking=False)


def test_alias():
    assert keras.layers.AvgPool1D is keras.layers.AveragePooling1D


def test_built_at_construction():
    assert keras.layers.AveragePooling1D(2).built


def test_same_padding_is_not_counted_when_it_splits_evenly():
    x = np.array([1, 2, 3, 4], dtype="float32").reshape(1, 4, 1)
    out = keras.layers.AveragePooling1D(3, strides=1, padding="same")(x)
    np.testing.assert_allclose(out[0, :, 0].numpy(), [1.5, 2, 3, 3.5])


def test_uneven_same_padding_repeats_the_edge_as_keras_on_torch():
    # Pool 4, stride 1: padding (1, 2); Keras on torch repeats the edge values into uneven padding.
    x = np.array([1, 2, 3, 4], dtype="float32").reshape(1, 4, 1)
    out = keras.layers.AveragePooling1D(4, strides=1, padding="same")(x)
    np.testing.assert_allclose(out[0, :, 0].numpy(), [1.75, 2.5, 3.25, 3.75])


def test_pool_size_is_required():
    with pytest.raises(TypeError):
        keras.layers.AveragePooling1D()
