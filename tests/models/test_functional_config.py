"""Functional `get_config` / `from_config`: Keras 3's dict format, round trips, Keras 2 configs, bad configs."""

import json

import numpy as np
import pytest
import torch

import kerastorch as keras
from kerastorch.utils import naming


@pytest.fixture(autouse=True)
def _fresh_names():
    naming.reset_names()


def _two_heads():
    inputs = keras.Input((16,), name="features")
    hidden = keras.layers.Dense(32, activation="relu")(inputs)
    return keras.Model(inputs, [keras.layers.Dense(1, name="score")(hidden), keras.layers.Dense(5, name="klass")(hidden)])


def _shared_at_two_depths():
    x = keras.Input((4,))
    a, b = keras.layers.Dense(4, name="a"), keras.layers.Dense(4, name="b")
    return keras.Model(x, a(b(a(b(x)))))


def _nested_output():
    i = keras.Input((3,))
    inner = keras.Model(i, keras.layers.Dense(2)(i), name="inner")
    x = keras.Input((3,))
    h = inner(x)
    return keras.Model(x, [h, keras.layers.Dense(1)(h)], name="outer")


def _nested_twice():
    i = keras.Input((3,))
    inner = keras.Model(i, keras.layers.Dense(3)(i), name="inner")
    x = keras.Input((3,))
    return keras.Model(x, inner(inner(x)))


def _dict_io():
    a, b = keras.Input((3,), name="a"), keras.Input((3,), name="b")
    return keras.Model({"a": a, "b": b}, {"out_a": keras.layers.Dense(2, name="da")(a),
                                          "out_b": keras.layers.Dense(2, name="db")(b)})


def _merge():
    a, b = keras.Input((8,), name="a"), keras.Input((4,), name="b")
    x = keras.layers.Concatenate()([keras.layers.Dense(4)(a), b])
    return keras.Model([a, b], keras.layers.Add()([keras.layers.Dense(3)(x), keras.layers.Dense(3)(x)]))


BUILDERS = [_two_heads, _shared_at_two_depths, _nested_output, _nested_twice, _dict_io, _merge]


def _inputs_for(model):
    rng = np.random.default_rng(0)
    if isinstance(model._inputs_struct, dict):
        return {k: rng.random((2, *v.shape[1:])).astype("float32") for k, v in model._inputs_struct.items()}
    arrays = [rng.random((2, *x.shape[1:])).astype("float32") for x in model.inputs]
    return arrays if len(arrays) > 1 else arrays[0]


def _flat(outputs):
    if isinstance(outputs, dict):
        return [outputs[k] for k in sorted(outputs)]
    return list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("through_json", [False, True])
def test_round_trip(builder, through_json):
    model = builder()
    config = model.get_config()
    if through_json:
        config = json.loads(json.dumps(config))
    rebuilt = keras.Model.from_config(config)
    assert [layer.name for layer in rebuilt.layers] == [layer.name for layer in model.layers]
    assert [tuple(w.shape) for w in rebuilt.weights] == [tuple(w.shape) for w in model.weights]
    again = rebuilt.get_config()
    assert (json.loads(json.dumps(again)) if through_json else again) == config
    rebuilt.set_weights(model.get_weights())
    data = _inputs_for(model)
    for expected, got in zip(_flat(model(data)), _flat(rebuilt(data))):
        torch.testing.assert_close(got, expected, rtol=0, atol=0)


def test_config_format():
    model = _two_heads()
    config = model.get_config()
    assert list(config) == ["name", "trainable", "layers", "input_layers", "output_layers"]
    assert config["input_layers"] == ["features", 0, 0]
    assert config["output_layers"] == [["score", 0, 0], ["klass", 0, 0]]
    score = config["layers"][2]
    assert score["name"] == "score" and score["build_config"] == {"input_shape": (None, 32)}
    assert score["inbound_nodes"] == [{
        "args": ({"class_name": "__keras_tensor__",
                  "config": {"shape": (None, 32), "dtype": "float32", "keras_history": ["dense", 0, 0]}},),
        "kwargs": {},
    }]
    assert config["layers"][0]["inbound_nodes"] == []


def test_calls_from_other_models_are_not_counted():
    shared = keras.layers.Dense(2, name="shared")
    other = keras.Input((3,))
    shared(other)  # call 0 belongs to no model below
    x = keras.Input((3,))
    y = keras.layers.Dense(1, name="head")(shared(x))
    config = keras.Model(x, y).get_config()
    assert config["layers"][1]["name"] == "shared" and len(config["layers"][1]["inbound_nodes"]) == 1
    assert config["layers"][2]["inbound_nodes"][0]["args"][0]["config"]["keras_history"] == ["shared", 0, 0]


def test_nested_model_output_is_numbered_from_one():
    # Keras numbers a nested Functional's calls from 1 in `output_layers` (and only there).
    config = _nested_output().get_config()
    assert config["output_layers"] == [["inner", 1, 0], ["dense_1", 0, 0]]
    assert config["layers"][2]["inbound_nodes"][0]["args"][0]["config"]["keras_history"] == ["inner", 0, 0]


def test_keras2_inbound_nodes_lists():
    config = {
        "name": "legacy",
        "layers": [
            {"class_name": "InputLayer", "name": "input_1", "inbound_nodes": [],
             "config": {"batch_input_shape": [None, 4], "dtype": "float32", "sparse": False, "name": "input_1"}},
            {"class_name": "Dense", "name": "dense", "inbound_nodes": [[["input_1", 0, 0, {}]]],
             "config": {"name": "dense", "units": 3, "activation": "relu"}},
            {"class_name": "Dense", "name": "dense_1", "inbound_nodes": [[["dense", 0, 0, {}]], [["dense", 0, 0]]],
             "config": {"name": "dense_1", "units": 2}},
        ],
        "input_layers": [["input_1", 0, 0]],
        "output_layers": [["dense_1", 0, 0], ["dense_1", 1, 0]],
    }
    model = keras.Model.from_config(config)
    assert model.name == "legacy"
    assert [layer.name for layer in model.layers] == ["input_1", "dense", "dense_1"]
    assert [tuple(w.shape) for w in model.weights] == [(4, 3), (3,), (3, 2), (2,)]
    first, second = model(np.ones((1, 4), dtype="float32"))
    torch.testing.assert_close(first, second)


def test_missing_layer_is_an_error():
    config = _two_heads().get_config()
    del config["layers"][1]  # "dense", which score and klass read from
    with pytest.raises(ValueError, match="layer 'dense', which is not among"):
        keras.Model.from_config(config)


def test_unreachable_call_is_an_error():
    config = _two_heads().get_config()
    config["layers"][2]["inbound_nodes"][0]["args"][0]["config"]["keras_history"] = ["dense", 5, 0]
    with pytest.raises(ValueError, match="loops or disconnected"):
        keras.Model.from_config(config)


def test_missing_keys_is_an_error():
    with pytest.raises(ValueError, match="'output_layers' is missing"):
        keras.Functional.from_config({"name": "m", "layers": [], "input_layers": []})


def test_from_config_does_not_mutate_its_argument():
    config = _two_heads().get_config()
    snapshot = json.dumps(config)
    keras.Model.from_config(config)
    assert json.dumps(config) == snapshot


def test_subclass_with_own_constructor_uses_layer_config():
    class Custom(keras.Functional):
        def __init__(self, units, **kwargs):
            x = keras.Input((2,))
            super().__init__(x, keras.layers.Dense(units)(x), **kwargs)

    config = Custom(3, name="custom").get_config()
    assert "layers" not in config and config["name"] == "custom"
