"""InputLayer / Input: the symbolic entry point, its config, and bad arguments."""

import pytest
import torch

import kerastorch as keras


def test_input_shape_dtype_and_config():
    x = keras.Input(shape=(3, 4), batch_size=2, dtype="int32", name="ids")
    assert x.shape == (2, 3, 4) and x.dtype == "int32"
    layer = x._keras_history.operation
    assert isinstance(layer, keras.layers.InputLayer) and isinstance(layer, torch.nn.Module)
    assert layer.get_config() == {"batch_shape": (2, 3, 4), "dtype": "int32", "sparse": False, "ragged": False,
                                  "name": "ids", "optional": False}
    revived = keras.layers.InputLayer.from_config(layer.get_config())
    assert revived.get_config() == layer.get_config()
    assert layer.weights == [] and list(layer.parameters()) == []


def test_input_in_model_passes_data_through():
    x = keras.Input((3,))
    model = keras.Model(x, keras.layers.Dense(2, kernel_initializer="ones")(x))
    assert torch.equal(model(torch.ones(4, 3)), torch.full((4, 2), 3.0))


@pytest.mark.parametrize("kwargs, message", [
    ({}, "must pass a `shape`"),
    ({"shape": (3,), "batch_shape": (None, 3)}, "both `shape` and `batch_shape`"),
    ({"shape": (-1,)}, "Received: shape="),
    ({"shape": (3,), "sparse": True}, "sparse"),
])  # fmt: skip
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        keras.layers.InputLayer(**kwargs)
