"""PReLU: the contract, the `alpha` weight and shared axes, hand-computed values, bad inputs."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape", [
    ({"alpha_initializer": "ones"}, (2, 3, 4)),
    ({"alpha_initializer": "ones", "shared_axes": [1]}, (2, 3, 4)),
    ({"alpha_initializer": "ones", "shared_axes": 2}, (2, 3, 4)),
])  # fmt: skip
def test_contract(kwargs, shape):
    run_layer_test(keras.layers.PReLU, kwargs, input_shape=shape, expected_output_shape=shape,
                   expected_num_trainable_weights=1, supports_masking=True)


def test_alpha_shape_name_and_values():
    layer = keras.layers.PReLU(shared_axes=[1])
    layer(torch.zeros(2, 3, 4))
    assert layer.weights[0].name == "alpha" and tuple(layer.alpha.shape) == (1, 4)
    layer.set_weights([np.full((1, 4), 0.5, dtype="float32")])
    torch.testing.assert_close(layer(torch.tensor([[[-2.0, 2.0, -1.0, 0.0]]])), torch.tensor([[[-1.0, 2.0, -0.5, 0.0]]]))
    assert layer.get_config()["shared_axes"] == [1]


def test_wrong_feature_size_after_build():
    layer = keras.layers.PReLU(name="act")
    layer(torch.zeros(2, 3))
    with pytest.raises(ValueError, match=r"act.*\(2, 4\)"):
        layer(torch.zeros(2, 4))
