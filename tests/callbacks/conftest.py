"""Small models and data shared by the callback tests."""

import numpy as np
import pytest

import kerastorch as keras


def make_data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5], [1.5]], dtype="float32") + 0.3).astype("float32")
    return x, y


def make_model(optimizer=None, metrics=("mae",), seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer or keras.optimizers.SGD(learning_rate=0.01), "mse", metrics=list(metrics))
    return model


@pytest.fixture
def data():
    return make_data()
