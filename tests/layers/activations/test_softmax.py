"""Softmax: the contract, axes, masks, bad masks."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs", [{}, {"axis": 1}, {"axis": (1, 2)}])
def test_contract(kwargs):
    run_layer_test(keras.layers.Softmax, kwargs, input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4),
                   supports_masking=True)


def test_sums_to_one_over_axes():
    x = torch.randn(2, 3, 4)
    assert torch.allclose(keras.layers.Softmax(axis=1)(x).sum(1), torch.ones(2, 4))
    assert torch.allclose(keras.layers.Softmax(axis=(1, 2))(x).sum((1, 2)), torch.ones(2))


def test_mask_gives_zero_probability():
    x = torch.tensor([[1.0, 2.0, 3.0]])
    out = keras.layers.Softmax()(x, mask=torch.tensor([[True, False, True]]))
    expected = torch.softmax(torch.tensor([1.0, 3.0]), 0)
    torch.testing.assert_close(out, torch.tensor([[expected[0].item(), 0.0, expected[1].item()]]))
    float_mask = keras.layers.Softmax()(x, mask=torch.tensor([[1.0, 0.0, 1.0]]))
    torch.testing.assert_close(float_mask, out)


def test_mask_with_more_axes_is_rejected():
    with pytest.raises(ValueError, match=r"mask.shape=\(1, 1, 3\)"):
        keras.layers.Softmax(name="sm")(torch.zeros(1, 3), mask=torch.ones(1, 1, 3, dtype=torch.bool))
