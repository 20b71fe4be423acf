"""ReLU: the contract, hand-computed values for each argument, bad arguments."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test

X = torch.tensor([-2.0, -0.5, 0.5, 1.5, 8.0])


def test_contract():
    run_layer_test(keras.layers.ReLU, {"max_value": 6.0}, input_shape=(2, 3), expected_output_shape=(2, 3),
                   supports_masking=True)


@pytest.mark.parametrize("kwargs, expected", [
    ({}, [0.0, 0.0, 0.5, 1.5, 8.0]),
    ({"max_value": 6.0}, [0.0, 0.0, 0.5, 1.5, 6.0]),
    ({"negative_slope": 0.1}, [-0.2, -0.05, 0.5, 1.5, 8.0]),
    ({"threshold": 1.0}, [0.0, 0.0, 0.0, 1.5, 8.0]),
])  # fmt: skip
def test_values(kwargs, expected):
    torch.testing.assert_close(keras.layers.ReLU(**kwargs)(X), torch.tensor(expected))


@pytest.mark.parametrize("kwargs", [{"max_value": -1.0}, {"negative_slope": -0.1}, {"threshold": -1.0}])
def test_negative_arguments_rejected(kwargs):
    with pytest.raises(ValueError, match="Received: " + next(iter(kwargs))):
        keras.layers.ReLU(**kwargs)
