"""LeakyReLU: Keras 3's default slope 0.3, the deprecated `alpha`, bad arguments."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


def test_contract():
    run_layer_test(keras.layers.LeakyReLU, {"negative_slope": 0.1}, input_shape=(2, 3),
                   expected_output_shape=(2, 3), supports_masking=True)


def test_default_slope_is_0_3():
    layer = keras.layers.LeakyReLU()
    torch.testing.assert_close(layer(torch.tensor([-1.0, 2.0])), torch.tensor([-0.3, 2.0]))
    assert layer.get_config()["negative_slope"] == 0.3


def test_alpha_is_a_deprecated_alias():
    with pytest.warns(UserWarning, match="alpha"):
        layer = keras.layers.LeakyReLU(alpha=0.5)
    assert layer.negative_slope == 0.5


def test_negative_slope_rejected():
    with pytest.raises(ValueError, match="Received: negative_slope=-1"):
        keras.layers.LeakyReLU(negative_slope=-1)
