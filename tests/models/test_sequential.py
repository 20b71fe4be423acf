"""Sequential: construction styles, add/pop, deferred build, masks and errors."""

import numpy as np
import pytest
import torch

import kerastorch as keras


def test_keras2_input_shape_on_first_layer_builds_immediately():
    model = keras.Sequential([keras.layers.Dense(128, activation="relu", input_shape=(784,)),
                              keras.layers.Dense(10, activation="softmax")])
    assert model.built and model.count_params() == 101770
    assert model.output_shape == (None, 10) and model.input_shape == (None, 784)
    assert [tuple(w.shape) for w in model.get_weights()] == [(784, 128), (128,), (128, 10), (10,)]


def test_input_dim_spelling():
    model = keras.Sequential([keras.layers.Dense(4, input_dim=3)])
    assert model.built and model.count_params() == 16


def test_keras_input_first_and_add_pop():
    model = keras.Sequential()
    model.add(keras.Input((3,)))
    model.add(keras.layers.Dense(4))
    model.add(keras.layers.Dense(2))
    assert [layer.name for layer in model.layers] == [model.layers[0].name, model.layers[1].name]
    assert model.output_shape == (None, 2)
    popped = model.pop()
    assert isinstance(popped, keras.layers.Dense) and model.output_shape == (None, 4)
    assert len(model.layers) == 1 and len(model.weights) == 2


def test_deferred_build_on_first_data():
    model = keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(2)])
    assert not model.built and model.weights == []
    out = model(np.ones((5, 3), dtype="float32"))
    assert out.shape == (5, 2) and model.built and len(model.weights) == 4


def test_call_matches_manual_composition():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(2)])
    x = torch.randn(6, 3)
    first, second = model.layers
    expected = torch.relu(x @ first.kernel + first.bias) @ second.kernel + second.bias
    torch.testing.assert_close(model(x), expected)


def test_duplicate_names_are_rejected():
    with pytest.raises(ValueError, match="unique names"):
        keras.Sequential([keras.layers.Dense(2, name="a"), keras.layers.Dense(2, name="a")])


def test_second_input_layer_is_rejected():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    with pytest.raises(ValueError, match="already been configured"):
        model.add(keras.Input((4,)))


def test_non_layer_is_rejected():
    with pytest.raises(ValueError, match="Only instances of `keras.Layer`"):
        keras.Sequential([3])


def test_nested_sequential_in_sequential():
    inner = keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(3)])
    outer = keras.Sequential([keras.Input((2,)), inner, keras.layers.Dense(1)])
    assert outer.output_shape == (None, 1)
    assert len(outer.weights) == 6 and outer.count_params() == (2 * 4 + 4) + (4 * 3 + 3) + (3 + 1)


def test_get_layer_by_name_and_index():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="hidden"), keras.layers.Dense(1)])
    assert model.get_layer("hidden") is model.layers[0]
    assert model.get_layer(index=1) is model.layers[1]
    with pytest.raises(ValueError, match="No such layer: nope"):
        model.get_layer("nope")


def test_state_dict_keys_follow_layer_names():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="hidden")])
    assert list(model.state_dict()) == ["hidden.kernel", "hidden.bias"]
