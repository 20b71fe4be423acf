"""Conv2DTranspose: the contract, Keras's output sizes for "same" with strides, bad arguments."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"}, (2, 4, 5, 3), (2, 8, 10, 4)),
    ({"filters": 4, "kernel_size": 3, "strides": 2}, (2, 4, 5, 3), (2, 9, 11, 4)),
    ({"filters": 4, "kernel_size": 4, "strides": 2, "padding": "same", "data_format": "channels_first"},
     (2, 3, 4, 5), (2, 4, 8, 10)),
    ({"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same", "output_padding": (1, 0)}, (2, 4, 4, 3),
     (2, 8, 7, 4)),
    ({"filters": 4, "kernel_size": 2, "strides": (1, 3), "output_padding": (0, 2)}, (2, 4, 4, 3), (2, 5, 13, 4)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.Conv2DTranspose, kwargs, input_shape=shape, expected_output_shape=out_shape,
                   expected_num_trainable_weights=2, supports_masking=False)


def test_inverts_the_shape_of_a_strided_conv():
    x = torch.randn(2, 8, 8, 3)
    down = keras.layers.Conv2D(4, 3, strides=2, padding="same")(x)
    up = keras.layers.Conv2DTranspose(3, 3, strides=2, padding="same")(down)
    assert tuple(up.shape) == tuple(x.shape)


def test_ones_kernel_counts_overlaps():
    layer = keras.layers.Conv2DTranspose(1, 2, strides=1, kernel_initializer="ones")
    out = layer(np.ones((1, 2, 2, 1), dtype="float32"))
    np.testing.assert_allclose(out[0, :, :, 0].detach().numpy(), [[1, 2, 1], [2, 4, 2], [1, 2, 1]])


def test_bad_arguments():
    with pytest.raises(ValueError, match="Received: filters=0"):
        keras.layers.Conv2DTranspose(0, 3)
    with pytest.raises(ValueError, match=r"Received: strides=\(2, 2\), dilation_rate=\(2, 2\)"):
        keras.layers.Conv2DTranspose(2, 3, strides=2, dilation_rate=2)
