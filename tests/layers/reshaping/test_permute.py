"""Permute: the contract, values, bad dims and ranks."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


def test_contract():
    run_layer_test(keras.layers.Permute, {"dims": (2, 1)}, input_shape=(2, 3, 4), expected_output_shape=(2, 4, 3),
                   supports_masking=False)


def test_values():
    x = torch.randn(2, 3, 4, 5)
    assert torch.equal(keras.layers.Permute((3, 1, 2))(x), x.permute(0, 3, 1, 2))
    assert keras.layers.Permute((2, 1)).get_config()["dims"] == (2, 1)


def test_bad_dims():
    with pytest.raises(ValueError, match=r"Received: dims=\(0, 1\)"):
        keras.layers.Permute((0, 1))


def test_wrong_rank_names_layer():
    with pytest.raises(ValueError, match=r"perm.*expected ndim=3.*\(2, 3\)"):
        keras.layers.Permute((2, 1), name="perm")(torch.zeros(2, 3))
