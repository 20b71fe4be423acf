"""ELU: the contract and hand-computed values."""

import math

import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


def test_contract():
    run_layer_test(keras.layers.ELU, {"alpha": 0.5}, input_shape=(2, 3), expected_output_shape=(2, 3),
                   supports_masking=True)


def test_values():
    out = keras.layers.ELU(alpha=2.0)(torch.tensor([-1.0, 3.0]))
    torch.testing.assert_close(out, torch.tensor([2.0 * (math.exp(-1.0) - 1.0), 3.0]))
    assert keras.layers.ELU().get_config()["alpha"] == 1.0
