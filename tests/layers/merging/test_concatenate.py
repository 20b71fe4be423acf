"""Concatenate: the contract, axes, masks, mismatched shapes."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test

L = keras.layers


@pytest.mark.parametrize("axis, shapes, out_shape", [
    (-1, [(2, 3, 4), (2, 3, 5)], (2, 3, 9)),
    (1, [(2, 3, 4), (2, 1, 4), (2, 2, 4)], (2, 6, 4)),
])  # fmt: skip
def test_contract(axis, shapes, out_shape):
    run_layer_test(L.Concatenate, {"axis": axis}, input_shape=shapes, expected_output_shape=out_shape,
                   supports_masking=True)


def test_values_and_alias():
    a, b = torch.zeros(2, 1), torch.ones(2, 2)
    assert torch.equal(L.Concatenate()([a, b]), torch.cat([a, b], -1))
    assert torch.equal(L.concatenate([a, b], axis=-1), torch.cat([a, b], -1))
    assert L.concatenate([keras.Input((None, 2)), keras.Input((None, 3))]).shape == (None, None, 5)


def test_masks_concatenated_along_time():
    masked = L.Masking()(torch.tensor([[[0.0], [1.0]]]))
    out = L.Concatenate(axis=1)([masked, torch.ones(1, 2, 1)])
    assert torch.equal(out._keras_mask, torch.tensor([[False, True, True, True]]))
    features = L.Concatenate()([masked, torch.ones(1, 2, 1)])
    assert torch.equal(features._keras_mask, torch.tensor([[True, True]]))


def test_mismatched_shapes_name_layer_and_shapes():
    with pytest.raises(ValueError, match=r"'cat'.*\(2, 3, 4\), \(2, 5, 4\)"):
        L.Concatenate(name="cat")([torch.zeros(2, 3, 4), torch.zeros(2, 5, 4)])
    with pytest.raises(ValueError, match="'cat'"):
        L.Concatenate(name="cat")([keras.Input((3, 4)), keras.Input((4,))])
