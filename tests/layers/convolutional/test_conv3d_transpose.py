"""Conv3DTranspose: the contract, output sizes, bad arguments."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same"}, (2, 3, 4, 3, 2), (2, 6, 8, 6, 3)),
    ({"filters": 3, "kernel_size": 2, "strides": (1, 2, 1), "data_format": "channels_first"}, (2, 2, 3, 3, 4),
     (2, 3, 4, 6, 5)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.Conv3DTranspose, kwargs, input_shape=shape, expected_output_shape=out_shape,
                   expected_num_trainable_weights=2, supports_masking=False)


def test_argument_order_is_keras():
    # Conv3DTranspose takes data_format before output_padding, unlike the 1D and 2D layers.
    layer = keras.layers.Conv3DTranspose(2, 3, 2, "same", "channels_first", 1)
    assert layer.data_format == "channels_first" and layer.output_padding == (1, 1, 1)
    assert tuple(layer(torch.randn(1, 2, 2, 2, 2)).shape) == (1, 2, 4, 4, 4)


def test_bad_arguments():
    with pytest.raises(ValueError, match=r"Received: output_padding=\(1, 1, 1\), strides=\(1, 1, 1\)"):
        keras.layers.Conv3DTranspose(2, 3, output_padding=1)
