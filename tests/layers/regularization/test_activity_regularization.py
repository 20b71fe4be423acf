"""ActivityRegularization: contract, identity output, loss value, config without activity_regularizer."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs", [{}, {"l1": 0.1, "l2": 0.2}])
def test_contract(kwargs):
    run_layer_test(keras.layers.ActivityRegularization, kwargs, input_shape=(2, 3), expected_output_shape=(2, 3),
                   supports_masking=True)


def test_identity_and_loss():
    x = torch.tensor([[1.0, -2.0], [3.0, 0.0]])
    layer = keras.layers.ActivityRegularization(l1=0.1, l2=0.01)
    assert torch.equal(layer(x), x)
    expected = (0.1 * x.abs().sum() + 0.01 * x.square().sum()) / 2
    torch.testing.assert_close(sum(layer.losses), expected)
    config = layer.get_config()
    assert "activity_regularizer" not in config and config["l1"] == 0.1 and config["l2"] == 0.01


def test_negative_factor_is_refused():
    with pytest.raises(ValueError):
        keras.layers.ActivityRegularization(l1=-1.0)
