"""Conv3D: the contract, a hand-computed sum, bad arguments."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({"filters": 3, "kernel_size": 2}, (2, 4, 5, 4, 2), (2, 3, 4, 3, 3)),
    ({"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same"}, (2, 5, 6, 5, 2), (2, 3, 3, 3, 3)),
    ({"filters": 4, "kernel_size": (1, 2, 3), "groups": 2, "data_format": "channels_first"}, (2, 2, 3, 4, 5),
     (2, 4, 3, 3, 3)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.Conv3D, kwargs, input_shape=shape, expected_output_shape=out_shape,
                   expected_num_trainable_weights=2, supports_masking=False)


def test_ones_kernel_counts_voxels():
    layer = keras.layers.Conv3D(1, 2, kernel_initializer="ones", bias_initializer="ones")
    out = layer(np.ones((1, 3, 3, 3, 2), dtype="float32"))
    np.testing.assert_allclose(out.detach().numpy(), np.full((1, 2, 2, 2, 1), 17.0))
    assert out.is_contiguous()


def test_bad_arguments():
    with pytest.raises(ValueError, match=r"Received: strides=\(1, 2\)"):
        keras.layers.Conv3D(2, 3, strides=(1, 2))
    with pytest.raises(ValueError, match="ndim"):
        keras.layers.Conv3D(2, 1)(torch.randn(1, 3, 3, 2))
