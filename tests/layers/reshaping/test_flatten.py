"""Flatten: the contract, channels_first ordering, unknown sizes."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({}, (2, 3, 4), (2, 12)),
    ({"data_format": "channels_first"}, (2, 3, 4, 5), (2, 60)),
    ({}, (2,), (2, 1)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.Flatten, kwargs, input_shape=shape, expected_output_shape=out_shape,
                   supports_masking=False)


def test_channels_first_moves_channels_last_before_flattening():
    x = torch.arange(12.0).reshape(1, 2, 3, 2)
    out = keras.layers.Flatten(data_format="channels_first")(x)
    assert torch.equal(out, x.permute(0, 2, 3, 1).reshape(1, 12))


def test_unknown_size_gives_unknown_output():
    assert keras.layers.Flatten()(keras.Input((None, 4))).shape == (None, None)


def test_bad_data_format():
    with pytest.raises(ValueError, match="Received: data_format=nhwc"):
        keras.layers.Flatten(data_format="nhwc")
