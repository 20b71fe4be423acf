"""Functional models: single, list and dict inputs/outputs, shared layers, nested models, errors."""

import numpy as np
import pytest
import torch

import kerastorch as keras


def test_multi_input_multi_output():
    a, b = keras.Input((4,), name="a"), keras.Input((2,), name="b")
    hidden = keras.layers.Dense(3, name="hidden")(a)
    model = keras.Model([a, b], [hidden, b])
    out = model([torch.ones(5, 4), torch.zeros(5, 2)])
    assert isinstance(out, list) and [o.shape for o in out] == [(5, 3), (5, 2)]
    assert model.input_names == ["a", "b"] and model.output_names == ["hidden", "b"]


def test_dict_inputs_and_outputs():
    a, b = keras.Input((4,), name="a"), keras.Input((4,), name="b")
    dense = keras.layers.Dense(2)
    model = keras.Model({"a": a, "b": b}, {"left": dense(a), "right": dense(b)})
    out = model({"b": torch.zeros(3, 4), "a": torch.ones(3, 4)})
    assert set(out) == {"left", "right"}
    torch.testing.assert_close(out["right"], dense.bias.expand(3, 2))


def test_shared_layer_weights_counted_once():
    x = keras.Input((3,))
    shared = keras.layers.Dense(3)
    model = keras.Model(x, shared(shared(x)))
    assert len(model.weights) == 2 and model.count_params() == 12
    out = model(torch.ones(1, 3))
    manual = (torch.ones(1, 3) @ shared.kernel + shared.bias) @ shared.kernel + shared.bias
    torch.testing.assert_close(out, manual)


def test_nested_functional_model():
    x = keras.Input((3,))
    inner = keras.Model(x, keras.layers.Dense(2)(x), name="inner")
    y = keras.Input((3,))
    outer = keras.Model(y, keras.layers.Dense(1)(inner(y)))
    assert [layer.name for layer in outer.layers][1] == "inner"
    assert outer(torch.ones(4, 3)).shape == (4, 1) and len(outer.weights) == 4


def test_sequential_inside_functional():
    x = keras.Input((3,))
    block = keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(2)])
    model = keras.Model(x, block(x))
    assert model.output_shape == (None, 2) and len(model.weights) == 4


def test_numpy_inputs_are_cast_to_input_dtype():
    x = keras.Input((3,))
    model = keras.Model(x, keras.layers.Dense(2)(x))
    assert model(np.ones((2, 3), dtype="float64")).dtype == torch.float32


def test_rank_adjustment_for_trailing_unit_axis():
    x = keras.Input((1,))
    model = keras.Model(x, keras.layers.Dense(2)(x))
    assert model(np.ones((5,), dtype="float32")).shape == (5, 2)


def test_wrong_number_of_inputs_is_an_error():
    a, b = keras.Input((2,)), keras.Input((2,))
    model = keras.Model([a, b], keras.layers.Dense(1)(a))
    with pytest.raises(ValueError, match="expects 2 input"):
        model(torch.ones(1, 2))


def test_missing_dict_key_is_an_error():
    a = keras.Input((2,), name="a")
    model = keras.Model({"a": a}, keras.layers.Dense(1)(a))
    with pytest.raises(ValueError, match="missing \\['a'\\]"):
        model({"b": torch.ones(1, 2)})


def test_disconnected_graph_is_an_error():
    a, b = keras.Input((2,)), keras.Input((2,))
    out = keras.layers.Dense(1)(b)
    with pytest.raises(ValueError, match="Graph disconnected"):
        keras.Model(a, out)


def test_non_symbolic_inputs_are_rejected():
    with pytest.raises(ValueError, match="must be KerasTensors"):
        keras.Model(torch.ones(2), torch.ones(2))


def test_training_flag_reaches_layers_in_the_graph():
    seen = []

    class Probe(keras.layers.Layer):
        def call(self, x, training=None):
            seen.append(training)
            return x

    x = keras.Input((2,))
    model = keras.Model(x, Probe()(x))
    model(torch.ones(1, 2), training=True)
    model(torch.ones(1, 2))
    assert seen[-2:] == [True, None], "as in Keras: nothing chose `training`, so a None default receives None"


def test_symbolic_output_of_layer_on_symbolic_model_call_has_history():
    x = keras.Input((3,))
    model = keras.Model(x, keras.layers.Dense(2)(x))
    y = model(keras.Input((3,)))
    assert y.shape == (None, 2) and y._keras_history.operation is model
