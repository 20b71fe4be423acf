"""The element-wise merges (Add, Subtract, Multiply, Average, Maximum, Minimum): the contract, values,
broadcasting, masks, functional aliases and shape errors."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test

L = keras.layers
A = torch.tensor([[1.0, -2.0, 3.0]])
B = torch.tensor([[4.0, 5.0, -6.0]])


@pytest.mark.parametrize("cls, expected", [
    (L.Add, A + B),
    (L.Subtract, A - B),
    (L.Multiply, A * B),
    (L.Average, (A + B) / 2),
    (L.Maximum, torch.maximum(A, B)),
    (L.Minimum, torch.minimum(A, B)),
])  # fmt: skip
def test_contract_and_values(cls, expected):
    run_layer_test(cls, {}, input_shape=[(2, 3, 4), (2, 3, 4)], expected_output_shape=(2, 3, 4),
                   supports_masking=True)
    torch.testing.assert_close(cls()([A, B]), expected)


@pytest.mark.parametrize("alias, cls", [
    (L.add, L.Add), (L.subtract, L.Subtract), (L.multiply, L.Multiply),
    (L.average, L.Average), (L.maximum, L.Maximum), (L.minimum, L.Minimum),
])  # fmt: skip
def test_functional_aliases(alias, cls):
    torch.testing.assert_close(alias([A, B]), cls()([A, B]))
    out = alias([keras.Input((3,)), keras.Input((3,))])
    assert out.shape == (None, 3) and isinstance(out._keras_history.operation, cls)


def test_three_inputs_and_broadcasting():
    out = L.Add()([torch.ones(2, 3), torch.ones(2, 1), torch.ones(2, 3)])
    assert torch.equal(out, torch.full((2, 3), 3.0))
    assert L.Add()([keras.Input((3, 4)), keras.Input((1, 4))]).shape == (None, 3, 4)


def test_lower_rank_input_broadcasts_after_batch_axis():
    out = L.Add()([torch.ones(2, 4), torch.zeros(2, 3, 4)])
    assert out.shape == (2, 3, 4)


def test_masks_are_merged():
    masked = L.Masking()(torch.tensor([[[1.0], [0.0], [2.0]]]))
    other = L.Masking()(torch.tensor([[[0.0], [0.0], [5.0]]]))
    out = L.Add()([masked, other])
    assert torch.equal(out._keras_mask, torch.tensor([[True, False, True]]))
    maxed = L.Maximum()([masked, other])
    assert torch.equal(maxed, torch.tensor([[[1.0], [0.0], [5.0]]]))
    assert getattr(L.Add()([masked, torch.ones(1, 3, 1)]), "_keras_mask", None) is None


def test_multiply_ignores_masked_entries():
    x = L.Masking()(torch.tensor([[[2.0], [0.0]]]))
    y = L.Masking()(torch.tensor([[[0.0], [0.0]]]))
    out = L.Multiply()([x, y])
    assert torch.equal(out, torch.tensor([[[2.0], [0.0]]]))
    assert torch.equal(out._keras_mask, torch.tensor([[True, False]]))


def test_incompatible_shapes_name_layer_and_shapes():
    with pytest.raises(ValueError, match=r"'sum'.*\(3,\) and \(4,\)"):
        L.Add(name="sum")([torch.zeros(2, 3), torch.zeros(2, 4)])
    with pytest.raises(ValueError, match=r"'sum'.*\(3,\) and \(4,\)"):
        L.Add(name="sum")([keras.Input((3,)), keras.Input((4,))])


def test_different_batch_sizes():
    with pytest.raises(ValueError, match="different batch sizes"):
        L.Add()([torch.zeros(2, 3), torch.zeros(3, 3)])


def test_not_a_list():
    with pytest.raises(ValueError, match="list"):
        L.Add(name="sum")(torch.zeros(2, 3))


def test_subtract_needs_two_inputs():
    with pytest.raises(ValueError, match="exactly 2 inputs"):
        L.Subtract()([torch.zeros(1, 2)] * 3)
