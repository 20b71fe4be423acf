"""AlphaDropout: contract, preserved moments of SELU-like inputs, noise_shape, errors."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs", [{"rate": 0.2}, {"rate": 0.2, "seed": 1, "noise_shape": (None, 1, 4)}])
def test_contract(kwargs):
    run_layer_test(keras.layers.AlphaDropout, kwargs, input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4),
                   supports_masking=True)


def test_keeps_zero_mean_unit_variance():
    x = torch.randn(400, 400, generator=torch.Generator().manual_seed(0))
    out = keras.layers.AlphaDropout(0.2, seed=3)(x, training=True)
    assert abs(out.mean().item()) < 0.02 and abs(out.std().item() - 1.0) < 0.02
    assert keras.layers.AlphaDropout(0.2)(x) is x


def test_dropped_units_take_one_value():
    out = keras.layers.AlphaDropout(0.5, seed=1, noise_shape=(None, 1))(torch.zeros(6, 5), training=True)
    assert torch.equal(out, out[:, :1].expand(6, 5))
    assert len(out.unique()) <= 2


@pytest.mark.parametrize("rate", [-0.5, 1.5])
def test_bad_rate(rate):
    with pytest.raises(ValueError, match=f"Received: rate={rate}"):
        keras.layers.AlphaDropout(rate)
