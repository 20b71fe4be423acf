"""GaussianNoise: contract, inference pass-through, noise statistics, seeds, errors."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs", [{"stddev": 0.5}, {"stddev": 0.5, "seed": 2}])
def test_contract(kwargs):
    run_layer_test(keras.layers.GaussianNoise, kwargs, input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4),
                   supports_masking=True)


def test_noise_is_additive():
    x = torch.zeros(300, 300)
    out = keras.layers.GaussianNoise(0.3, seed=1)(x, training=True)
    assert abs(out.mean().item()) < 0.01 and abs(out.std().item() - 0.3) < 0.01
    assert keras.layers.GaussianNoise(0.3)(x) is x


def test_seed_repeats_and_advances():
    x = torch.zeros(4, 4)
    a, b = keras.layers.GaussianNoise(0.5, seed=4), keras.layers.GaussianNoise(0.5, seed=4)
    first = a(x, training=True)
    assert torch.equal(first, b(x, training=True)) and not torch.equal(first, a(x, training=True))


@pytest.mark.parametrize("stddev", [-1.0, 2.0])
def test_bad_stddev(stddev):
    with pytest.raises(ValueError, match=f"Received: stddev={stddev}"):
        keras.layers.GaussianNoise(stddev)
