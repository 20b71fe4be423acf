"""clone_model: same architecture and names, new layers with their own weights."""

import numpy as np
import pytest
import torch

import kerastorch as keras


def test_clone_sequential_has_new_weights_of_the_same_shapes():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(2)])
    clone = keras.models.clone_model(model)
    assert [l.name for l in clone.layers] == [l.name for l in model.layers]
    assert all(a is not b for a, b in zip(clone.layers, model.layers))
    assert [w.shape for w in clone.get_weights()] == [w.shape for w in model.get_weights()]
    clone.set_weights(model.get_weights())
    x = np.random.default_rng(0).normal(size=(5, 3)).astype("float32")
    np.testing.assert_allclose(clone.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6)


def test_clone_functional_with_shared_layer_and_two_outputs():
    inputs = keras.Input((3,), name="a")
    shared = keras.layers.Dense(3)
    hidden = shared(shared(inputs))
    model = keras.Model(inputs, [hidden, keras.layers.Dense(1)(hidden)])
    clone = keras.models.clone_model(model)
    assert len(clone.weights) == len(model.weights) == 4
    clone.set_weights(model.get_weights())
    x = torch.ones(2, 3)
    for got, want in zip(clone(x), model(x)):
        torch.testing.assert_close(got, want)


def test_clone_function_and_subclassed_error():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4), keras.layers.Dense(2)])

    def widen(layer):
        config = layer.get_config()
        config["units"] *= 2
        return layer.__class__.from_config(config)

    assert keras.models.clone_model(model, clone_function=widen).output_shape == (None, 4)

    class Custom(keras.Model):
        def call(self, x):
            return x

    with pytest.raises(ValueError, match="subclassed model"):
        keras.models.clone_model(Custom())


def test_to_json_and_model_from_json():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, name="hidden"), keras.layers.Dense(1)])
    rebuilt = keras.models.model_from_json(model.to_json())
    assert [l.name for l in rebuilt.layers] == ["hidden", model.layers[1].name]
    assert rebuilt.to_json() == model.to_json()  # JSON turns tuples into lists, as in Keras
    with pytest.raises(ValueError, match="model_from_json"):
        keras.models.model_from_json("not json")
