"""UnitNormalization: contract, unit norms, zero vectors, errors."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs", [{}, {"axis": [1, 2]}, {"axis": 1}])
def test_contract(kwargs):
    run_layer_test(keras.layers.UnitNormalization, kwargs, input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4),
                   supports_masking=True)


@pytest.mark.parametrize("axis, dims", [(-1, (-1,)), ([1, 2], (1, 2))])
def test_norms_are_one(axis, dims):
    out = keras.layers.UnitNormalization(axis=axis)(torch.randn(3, 4, 5))
    torch.testing.assert_close(out.square().sum(dim=dims), torch.ones(out.square().sum(dim=dims).shape))


def test_zero_vectors_stay_zero():
    assert torch.equal(keras.layers.UnitNormalization()(torch.zeros(2, 3)), torch.zeros(2, 3))


def test_bad_arguments():
    with pytest.raises(TypeError, match="Received: axis=None"):
        keras.layers.UnitNormalization(axis=None)
    with pytest.raises(ValueError, match="Received: axis=2"):
        keras.layers.UnitNormalization(axis=2).compute_output_shape((None, 3))
