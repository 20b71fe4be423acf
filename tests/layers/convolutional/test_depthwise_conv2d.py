"""DepthwiseConv2D: the contract, weight layout, bad arguments."""

import numpy as np
import pytest

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({"kernel_size": 3, "depth_multiplier": 2}, (2, 6, 7, 3), (2, 4, 5, 6)),
    ({"kernel_size": 3, "strides": 2, "padding": "same"}, (2, 7, 6, 3), (2, 4, 3, 3)),
    ({"kernel_size": 2, "dilation_rate": 2, "padding": "same", "data_format": "channels_first"}, (2, 3, 6, 5),
     (2, 3, 6, 5)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.DepthwiseConv2D, kwargs, input_shape=shape, expected_output_shape=out_shape,
                   expected_num_trainable_weights=2, supports_masking=False)


def test_weights_and_values():
    layer = keras.layers.DepthwiseConv2D(2, depth_multiplier=2, depthwise_initializer="ones")
    out = layer(np.ones((1, 3, 3, 3), dtype="float32"))
    assert [tuple(w.shape) for w in layer.weights] == [(2, 2, 3, 2), (6,)]
    np.testing.assert_allclose(out.detach().numpy(), np.full((1, 2, 2, 6), 4.0))


def test_bad_arguments():
    with pytest.raises(ValueError, match="Received: padding=causal"):
        keras.layers.DepthwiseConv2D(3, padding="causal")
