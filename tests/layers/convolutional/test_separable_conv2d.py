"""SeparableConv2D: the contract, weight shapes, bad arguments."""

import pytest

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({"filters": 4, "kernel_size": 3}, (2, 7, 6, 3), (2, 5, 4, 4)),
    ({"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same", "depth_multiplier": 2}, (2, 7, 6, 3),
     (2, 4, 3, 4)),
    ({"filters": 4, "kernel_size": 2, "use_bias": False, "data_format": "channels_first"}, (2, 3, 5, 6),
     (2, 4, 4, 5)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    weights = 2 if kwargs.get("use_bias") is False else 3
    run_layer_test(keras.layers.SeparableConv2D, kwargs, input_shape=shape, expected_output_shape=out_shape,
                   expected_num_trainable_weights=weights, supports_masking=False)


def test_weight_shapes():
    layer = keras.layers.SeparableConv2D(5, 3, depth_multiplier=2)
    layer.build((None, 8, 8, 3))
    assert [tuple(w.shape) for w in layer.weights] == [(3, 3, 3, 2), (1, 1, 6, 5), (5,)]


def test_bad_arguments():
    with pytest.raises(ValueError, match="Received: depth_multiplier=-1"):
        keras.layers.SeparableConv2D(4, 3, depth_multiplier=-1)
