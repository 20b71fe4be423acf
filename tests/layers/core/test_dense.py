"""Dense: the contract, a hand-computed case, and bad inputs."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape, n_trainable", [
    ({"units": 4}, (2, 3), (2, 4), 2),
    ({"units": 4, "use_bias": False}, (2, 3), (2, 4), 1),
    ({"units": 2, "activation": "relu"}, (2, 5, 3), (2, 5, 2), 2),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape, n_trainable):
    run_layer_test(keras.layers.Dense, kwargs, input_shape=shape, expected_output_shape=out_shape,
                   expected_num_trainable_weights=n_trainable, supports_masking=True)


def test_hand_computed():
    layer = keras.layers.Dense(2, kernel_initializer="ones", bias_initializer="ones")
    out = layer(torch.tensor([[1.0, 2.0, 3.0]]))
    np.testing.assert_allclose(out.detach().numpy(), [[7.0, 7.0]])
    assert [w.name for w in layer.weights] == ["kernel", "bias"]
    assert layer.kernel.shape == (3, 2)


def test_wrong_last_dim_names_layer_and_shape():
    layer = keras.layers.Dense(2, name="head")
    layer(torch.zeros(1, 3))
    with pytest.raises(ValueError, match=r"head.*\(1, 4\)"):
        layer(torch.zeros(1, 4))


def test_rank_one_input_rejected():
    with pytest.raises(ValueError, match="min_ndim=2"):
        keras.layers.Dense(2, name="head")(torch.zeros(3))


def test_set_weights_count_and_shape_errors():
    layer = keras.layers.Dense(2, name="head")
    layer(torch.zeros(1, 3))
    with pytest.raises(ValueError, match="head.*length 1.*expecting 2"):
        layer.set_weights([np.zeros((3, 2))])
    with pytest.raises(ValueError, match=r"head.*\(3, 2\).*\(2, 3\)"):
        layer.set_weights([np.zeros((2, 3)), np.zeros(2)])


@pytest.mark.parametrize("units", [0, -1, 2.5, True])
def test_invalid_units(units):
    with pytest.raises(ValueError, match="Received: units="):
        keras.layers.Dense(units)
