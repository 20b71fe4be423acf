"""GaussianDropout: contract, inference pass-through, noise statistics, seeds, errors."""

import math

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs", [{"rate": 0.3}, {"rate": 0.3, "seed": 2}])
def test_contract(kwargs):
    run_layer_test(keras.layers.GaussianDropout, kwargs, input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4),
                   supports_masking=True)


def test_noise_is_multiplicative_with_mean_one():
    x = torch.ones(200, 200)
    out = keras.layers.GaussianDropout(0.2, seed=1)(x, training=True)
    assert abs(out.mean().item() - 1.0) < 0.01
    assert abs(out.std().item() - math.sqrt(0.2 / 0.8)) < 0.01
    assert keras.layers.GaussianDropout(0.2)(x) is x


def test_seed_repeats():
    x = torch.ones(4, 4)
    assert torch.equal(keras.layers.GaussianDropout(0.5, seed=4)(x, training=True),
                       keras.layers.GaussianDropout(0.5, seed=4)(x, training=True))


@pytest.mark.parametrize("rate", [-0.1, 1.5])
def test_bad_rate(rate):
    with pytest.raises(ValueError, match=f"Received: rate={rate}"):
        keras.layers.GaussianDropout(rate)
