"""Small models shared by the saving tests."""

import os

import numpy as np

import kerastorch as keras

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def fixture_path(name):
    return os.path.join(FIXTURES, name)


def fixture_io(name):
    return dict(np.load(fixture_path(f"{name}.npz")))


def mlp(name="mlp"):
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, activation="relu"), keras.layers.Dropout(0.2),
                             keras.layers.Dense(3)], name=name)


def functional():
    inputs = keras.Input((4,), name="features")
    inner = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, name="inner_dense")], name="inner")
    merged = keras.layers.Concatenate()([inner(inputs), keras.layers.Dense(3, name="side")(inputs)])
    normed = keras.layers.BatchNormalization(name="bn")(merged)
    return keras.Model(inputs, keras.layers.Dense(2, name="head")(normed), name="func")


def randomize(model, seed=0):
    rng = np.random.default_rng(seed)
    for variable in model.weights:
        if variable.is_floating_point():
            low, high = (0.5, 1.5) if "variance" in variable.path else (-0.5, 0.5)
            variable.assign(rng.uniform(low, high, size=tuple(variable.shape)).astype("float32"))
    return model


def x_batch(n=3, features=4, seed=1):
    return np.random.default_rng(seed).normal(size=(n, features)).astype("float32")
