"""SeparableConv1D: the contract, equal to a depthwise then a pointwise convolution, bad arguments."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({"filters": 4, "kernel_size": 3}, (2, 9, 3), (2, 7, 4)),
    ({"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same", "depth_multiplier": 2}, (2, 9, 3), (2, 5, 4)),
    ({"filters": 4, "kernel_size": 3, "data_format": "channels_first"}, (2, 3, 9), (2, 4, 7)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.SeparableConv1D, kwargs, input_shape=shape, expected_output_shape=out_shape,
                   expected_num_trainable_weights=3, supports_masking=False)


def test_equals_depthwise_then_pointwise():
    layer = keras.layers.SeparableConv1D(4, 3, depth_multiplier=2, padding="same")
    x = torch.randn(2, 7, 3)
    out = layer(x)
    depthwise = keras.layers.DepthwiseConv1D(3, depth_multiplier=2, padding="same", use_bias=False)
    pointwise = keras.layers.Conv1D(4, 1)
    depthwise(x)
    pointwise.build((None, 7, 6))
    depthwise.set_weights([layer.depthwise_kernel.detach().numpy()])
    pointwise.set_weights([layer.pointwise_kernel.detach().numpy(), layer.bias.detach().numpy()])
    np.testing.assert_allclose(out.detach().numpy(), pointwise(depthwise(x)).detach().numpy(), atol=1e-5)
    assert [w.path.split("/")[1] for w in layer.weights] == ["depthwise_kernel", "pointwise_kernel", "bias"]


def test_bad_arguments():
    with pytest.raises(ValueError, match="Received: filters=0"):
        keras.layers.SeparableConv1D(0, 3)
