"""SpatialDropout1D/2D/3D: contract pieces, whole channels dropped, data_format, seeds, errors.

Their configs are Keras's (`rate`, `seed`, `name`, `dtype` as a string, `data_format`): no `trainable` key, so
the generic contract runs piece by piece.
"""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import check_config_round_trip
from tests.layers.layer_contract import check_torch_module

CASES = [
    (keras.layers.SpatialDropout1D, {"rate": 0.5}, (2, 3, 4)),
    (keras.layers.SpatialDropout2D, {"rate": 0.5, "seed": 1}, (2, 3, 4, 5)),
    (keras.layers.SpatialDropout2D, {"rate": 0.5, "data_format": "channels_first"}, (2, 3, 4, 5)),
    (keras.layers.SpatialDropout3D, {"rate": 0.5, "seed": 2}, (2, 3, 4, 5, 6)),
]  # fmt: skip


@pytest.mark.parametrize("cls, kwargs, shape", CASES)
def test_contract(cls, kwargs, shape):
    config = check_config_round_trip(cls, kwargs)
    assert set(config) >= {"rate", "seed", "name", "dtype"}
    layer = cls(**kwargs)
    x = torch.randn(shape)
    assert layer(x) is x and layer.supports_masking and not layer.weights
    check_torch_module(layer)
    inputs = keras.Input(shape[1:])
    outputs = cls(**kwargs)(inputs)
    assert tuple(outputs.shape) == (None,) + shape[1:]
    model = keras.Model(inputs, outputs)
    torch.testing.assert_close(model(x), x)


@pytest.mark.parametrize("cls, kwargs, shape", CASES)
def test_whole_channels_are_dropped(cls, kwargs, shape):
    layer = cls(**kwargs)
    out = layer(torch.ones(shape), training=True)
    channels_first = layer.__dict__.get("data_format") == "channels_first"
    spatial = tuple(range(2, len(shape))) if channels_first else tuple(range(1, len(shape) - 1))
    per_channel = out.amax(dim=spatial)
    assert torch.equal(out.amin(dim=spatial), per_channel), "a channel is dropped everywhere or nowhere"
    assert set(per_channel.unique().tolist()) <= {0.0, 2.0}


def test_seeded_layers_repeat_and_advance():
    x = torch.ones(8, 5, 16)
    a, b = keras.layers.SpatialDropout1D(0.5, seed=3), keras.layers.SpatialDropout1D(0.5, seed=3)
    first = a(x, training=True)
    assert torch.equal(first, b(x, training=True))
    assert not torch.equal(first, a(x, training=True))


@pytest.mark.parametrize("cls, shape", [(keras.layers.SpatialDropout1D, (2, 3)), (keras.layers.SpatialDropout2D, (2, 3, 4)),
                                        (keras.layers.SpatialDropout3D, (2, 3, 4, 5))])  # fmt: skip
def test_wrong_rank(cls, shape):
    with pytest.raises(ValueError):
        cls(0.5)(torch.randn(shape))


def test_bad_rate():
    with pytest.raises(ValueError, match="Received: rate=2"):
        keras.layers.SpatialDropout2D(2)
