"""RepeatVector: the contract, values, bad n and ranks."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


def test_contract():
    run_layer_test(keras.layers.RepeatVector, {"n": 3}, input_shape=(2, 4), expected_output_shape=(2, 3, 4),
                   supports_masking=False)


def test_values():
    out = keras.layers.RepeatVector(2)(torch.tensor([[1.0, 2.0]]))
    assert torch.equal(out, torch.tensor([[[1.0, 2.0], [1.0, 2.0]]]))


def test_bad_n():
    with pytest.raises(TypeError, match="Received: n=2.0"):
        keras.layers.RepeatVector(2.0)
    with pytest.raises(ValueError, match="Received: n=0"):
        keras.layers.RepeatVector(0)


def test_wrong_rank_names_layer():
    with pytest.raises(ValueError, match=r"rep.*expected ndim=2.*\(2, 3, 4\)"):
        keras.layers.RepeatVector(2, name="rep")(torch.zeros(2, 3, 4))
