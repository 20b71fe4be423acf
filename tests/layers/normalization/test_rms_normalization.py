"""RMSNormalization: contract, hand-computed values (fused and explicit axes), errors."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs", [{}, {"axis": [1, 2]}, {"axis": 1, "epsilon": 1e-3}])
def test_contract(kwargs):
    run_layer_test(keras.layers.RMSNormalization, kwargs, input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4),
                   expected_num_trainable_weights=1, supports_masking=False)


@pytest.mark.parametrize("axis, dims", [(-1, (2,)), ([1, 2], (1, 2)), (1, (1,))])
def test_values(axis, dims):
    x = torch.randn(2, 3, 4) + 1
    layer = keras.layers.RMSNormalization(axis=axis)
    expected = x / torch.sqrt(x.square().mean(dim=dims, keepdim=True) + 1e-6)
    torch.testing.assert_close(layer(x), expected)
    assert [w.name for w in layer.weights] == ["scale"]


def test_bad_arguments():
    with pytest.raises(TypeError, match="Received: axis='x'"):
        keras.layers.RMSNormalization(axis="x")
    with pytest.raises(ValueError, match="Received: axis=4"):
        keras.layers.RMSNormalization(axis=4)(torch.randn(2, 3))
