"""Conv1DTranspose: the contract, Keras's output sizes, a hand-computed overlap count, bad arguments."""

import numpy as np
import pytest

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({"filters": 4, "kernel_size": 3}, (2, 5, 3), (2, 7, 4)),
    ({"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"}, (2, 5, 3), (2, 10, 4)),
    ({"filters": 4, "kernel_size": 3, "strides": 2, "output_padding": 1}, (2, 5, 3), (2, 12, 4)),
    ({"filters": 4, "kernel_size": 2, "strides": 3, "data_format": "channels_first"}, (2, 3, 4), (2, 4, 12)),
    ({"filters": 4, "kernel_size": 3, "dilation_rate": 2, "padding": "same"}, (2, 6, 3), (2, 6, 4)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.Conv1DTranspose, kwargs, input_shape=shape, expected_output_shape=out_shape,
                   expected_num_trainable_weights=2, supports_masking=False)


def test_ones_kernel_counts_overlaps():
    layer = keras.layers.Conv1DTranspose(1, 3, strides=2, kernel_initializer="ones")
    out = layer(np.ones((1, 3, 1), dtype="float32"))
    np.testing.assert_allclose(out[0, :, 0].detach().numpy(), [1, 1, 2, 1, 2, 1, 1])


def test_weights_in_keras_layout():
    layer = keras.layers.Conv1DTranspose(5, 3)
    layer.build((None, 4, 2))
    assert tuple(layer.kernel.shape) == (3, 5, 2)


def test_bad_arguments():
    with pytest.raises(ValueError, match=r"Received: output_padding=\(2,\), strides=\(2,\)"):
        keras.layers.Conv1DTranspose(2, 3, strides=2, output_padding=2)
    with pytest.raises(ValueError, match="Received: padding=causal"):
        keras.layers.Conv1DTranspose(2, 3, padding="causal")
