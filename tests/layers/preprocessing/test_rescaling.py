import numpy as np
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


def test_contract():
    run_layer_test(keras.layers.Rescaling, {"scale": 0.5, "offset": 1.0}, input_shape=(2, 3),
                   expected_output_shape=(2, 3), supports_masking=True)


def test_hand_computed_and_int_input():
    out = keras.layers.Rescaling(1 / 255.0)(np.array([[0, 255, 51]], dtype="uint8"))
    assert out.dtype == torch.float32
    np.testing.assert_allclose(out.numpy(), [[0.0, 1.0, 0.2]], atol=1e-7)


def test_per_channel_scale_round_trips():
    layer = keras.layers.Rescaling(np.array([1.0, 2.0, 3.0]), offset=-1.0)
    np.testing.assert_allclose(layer(np.ones((1, 2, 2, 3), "float32")).numpy()[0, 0, 0], [0.0, 1.0, 2.0])
    revived = keras.layers.Rescaling.from_config(layer.get_config())
    np.testing.assert_array_equal(revived.scale, layer.scale)
