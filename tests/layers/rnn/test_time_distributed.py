"""TimeDistributed: the contract, per-timestep equality, masks, bad inputs."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


def test_contract():
    run_layer_test(keras.layers.TimeDistributed, {"layer": keras.layers.Dense(3)}, input_shape=(2, 5, 4),
                   expected_output_shape=(2, 5, 3), expected_num_trainable_weights=2, supports_masking=True)


def test_same_as_layer_on_each_timestep():
    dense = keras.layers.Dense(2)
    layer = keras.layers.TimeDistributed(dense, name="td")
    x = torch.randn(3, 4, 5)
    out = layer(x)
    for t in range(4):
        np.testing.assert_allclose(out[:, t].detach().numpy(), dense(x[:, t]).detach().numpy(), atol=1e-6)
    assert [w.path for w in layer.weights] == [f"td/{dense.name}/kernel", f"td/{dense.name}/bias"]


def test_seeded_dropout_draws_per_timestep_in_training():
    layer = keras.layers.TimeDistributed(keras.layers.Dropout(0.5, seed=3))
    out = layer(torch.ones(4, 3, 8), training=True)
    assert not torch.equal(out[:, 0], out[:, 1])
    assert torch.equal(layer(torch.ones(4, 3, 8)), torch.ones(4, 3, 8))


def test_bad_inputs():
    with pytest.raises(ValueError, match="rank 3"):
        keras.layers.TimeDistributed(keras.layers.Dense(2))(torch.randn(2, 3))
    with pytest.raises(ValueError, match="Received: layer="):
        keras.layers.TimeDistributed(lambda x: x)
