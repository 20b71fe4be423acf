"""DepthwiseConv1D: the contract, channels stay separate, bad arguments."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({"kernel_size": 3}, (2, 8, 3), (2, 6, 3)),
    ({"kernel_size": 3, "strides": 2, "padding": "same", "depth_multiplier": 2}, (2, 9, 3), (2, 5, 6)),
    ({"kernel_size": 2, "depth_multiplier": 3, "data_format": "channels_first"}, (2, 2, 5), (2, 6, 4)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.DepthwiseConv1D, kwargs, input_shape=shape, expected_output_shape=out_shape,
                   expected_num_trainable_weights=2, supports_masking=False)


def test_channels_do_not_mix():
    layer = keras.layers.DepthwiseConv1D(2, depth_multiplier=2, depthwise_initializer="ones", use_bias=False)
    x = np.zeros((1, 3, 2), dtype="float32")
    x[0, :, 1] = 1.0
    out = layer(x)[0].detach().numpy()
    # Output channel c * multiplier + m comes from input channel c.
    np.testing.assert_allclose(out, [[0, 0, 2, 2], [0, 0, 2, 2]])
    assert tuple(layer.kernel.shape) == (2, 2, 2)


def test_bad_arguments():
    with pytest.raises(ValueError, match="Received: depth_multiplier=0"):
        keras.layers.DepthwiseConv1D(3, depth_multiplier=0)
    with pytest.raises(ValueError, match="output would be empty"):
        keras.layers.DepthwiseConv1D(4)(torch.randn(1, 3, 2))
