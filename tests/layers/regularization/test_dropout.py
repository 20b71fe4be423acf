"""Dropout: the contract, inference pass-through, scaling, seeds, noise_shape, bad arguments."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs", [{"rate": 0.5}, {"rate": 0.5, "seed": 3}, {"rate": 0.3, "noise_shape": (None, 1, 4)}])
def test_contract(kwargs):
    run_layer_test(keras.layers.Dropout, kwargs, input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4),
                   supports_masking=True)


def test_inference_returns_inputs():
    x = torch.randn(4, 5)
    assert keras.layers.Dropout(0.5)(x) is x
    assert keras.layers.Dropout(0.5)(x, training=False) is x


@pytest.mark.parametrize("kwargs", [{"rate": 0.5}, {"rate": 0.5, "seed": 7}])
def test_training_drops_and_rescales(kwargs):
    out = keras.layers.Dropout(**kwargs)(torch.ones(100, 100), training=True)
    values = set(out.unique().tolist())
    assert values == {0.0, 2.0}
    assert 0.4 < (out == 0).float().mean().item() < 0.6


def test_seed_is_reproducible_and_advances():
    first = keras.layers.Dropout(0.5, seed=1)
    second = keras.layers.Dropout(0.5, seed=1)
    x = torch.ones(8, 8)
    a1, a2 = first(x, training=True), first(x, training=True)
    assert torch.equal(a1, second(x, training=True))
    assert not torch.equal(a1, a2)


def test_noise_shape_broadcasts_the_mask():
    out = keras.layers.Dropout(0.5, noise_shape=(None, 1, 6), seed=0)(torch.ones(4, 5, 6), training=True)
    assert torch.equal(out, out[:, :1, :].expand(4, 5, 6))


def test_rate_one_zeroes_everything():
    assert torch.equal(keras.layers.Dropout(1.0)(torch.ones(2, 2), training=True), torch.zeros(2, 2))


@pytest.mark.parametrize("kwargs, message", [
    ({"rate": 1.5}, "Received: rate=1.5"),
    ({"rate": 0.5, "noise_shape": "abc"}, "Received: noise_shape="),
    ({"rate": 0.5, "noise_shape": (None, 0)}, "Received: noise_shape="),
])  # fmt: skip
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        keras.layers.Dropout(**kwargs)
