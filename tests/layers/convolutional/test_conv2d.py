"""Conv2D: the contract, Keras's "same" padding for strides > 1, channels_last without copies, bad arguments."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({"filters": 4, "kernel_size": 3}, (2, 8, 7, 3), (2, 6, 5, 4)),
    ({"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"}, (2, 7, 8, 3), (2, 4, 4, 4)),
    ({"filters": 4, "kernel_size": (2, 3), "dilation_rate": (2, 1), "padding": "same"}, (2, 6, 5, 3), (2, 6, 5, 4)),
    ({"filters": 4, "kernel_size": 3, "groups": 2, "data_format": "channels_first"}, (2, 4, 6, 5), (2, 4, 4, 3)),
    ({"filters": 4, "kernel_size": 1, "use_bias": False, "activation": "relu"}, (2, 3, 3, 2), (2, 3, 3, 4)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    weights = 1 if kwargs.get("use_bias") is False else 2
    run_layer_test(keras.layers.Conv2D, kwargs, input_shape=shape, expected_output_shape=out_shape,
                   expected_num_trainable_weights=weights, supports_masking=False)


def test_same_padding_puts_the_odd_pixel_at_the_end():
    # 4 pixels, kernel 2, stride 2: no padding is needed; 5 pixels: one pixel of padding, at the end only.
    layer = keras.layers.Conv2D(1, 2, strides=2, padding="same", kernel_initializer="ones")
    x = np.ones((1, 5, 5, 1), dtype="float32")
    np.testing.assert_allclose(layer(x)[0, :, :, 0].detach().numpy(), [[4, 4, 2], [4, 4, 2], [2, 2, 1]])


def test_channels_last_runs_without_copies():
    layer = keras.layers.Conv2D(8, 3, padding="same")
    x = torch.randn(2, 6, 6, 3)
    out = layer(x)
    # The conv ran on torch's channels_last memory format: its NHWC output is already contiguous.
    assert out.is_contiguous()
    assert x.permute(0, 3, 1, 2).is_contiguous(memory_format=torch.channels_last)


def test_matches_torch_conv2d():
    layer = keras.layers.Conv2D(4, 3, strides=2, data_format="channels_first")
    x = torch.randn(2, 3, 9, 9)
    out = layer(x)
    expected = torch.nn.functional.conv2d(x, layer.kernel.permute(3, 2, 0, 1), layer.bias, stride=2)
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), atol=1e-6)


@pytest.mark.parametrize("kwargs, message", [
    ({"filters": -1, "kernel_size": 3}, "Received: filters=-1"),
    ({"filters": 4, "kernel_size": 0}, "Received: kernel_size=0"),
    ({"filters": 4, "kernel_size": 3, "padding": "causal"}, "Received: padding=causal"),
    ({"filters": 4, "kernel_size": 3, "groups": 0}, "Received: groups=0"),
    ({"filters": 4, "kernel_size": 3, "data_format": "nhwc"}, "Received: data_format=nhwc"),
])  # fmt: skip
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        keras.layers.Conv2D(**kwargs)


def test_bad_inputs():
    layer = keras.layers.Conv2D(4, 3)
    layer(torch.randn(1, 5, 5, 3))
    with pytest.raises(ValueError, match="axis -1"):
        layer(torch.randn(1, 5, 5, 2))
    with pytest.raises(ValueError, match="channel axis of its input to be known"):
        keras.layers.Conv2D(4, 3)(keras.Input((5, 5, None)))
