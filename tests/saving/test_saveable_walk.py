"""The walk that names the groups of a weights file follows Keras 3's order (facts from files real Keras writes)."""

import numpy as np

import kerastorch as keras
from kerastorch.saving import saveable_walk


class _Sub(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.zeta = keras.layers.Dense(2)
        self.blocks = [keras.layers.Dense(3), keras.layers.Dense(3), keras.layers.LayerNormalization()]
        self._private = keras.layers.Dense(4)
        self.alpha = self.add_weight(shape=(2,), name="alpha")

    def call(self, x):
        for block in self.blocks:
            x = block(x)
        return self.zeta(self._private(x)) + self.alpha


def _paths(model):
    return {path: sorted(saveable_walk.save_own(obj)) for path, obj in saveable_walk.walk(model)}


def test_subclassed_model_paths_match_keras():
    model = _Sub()
    model(np.ones((1, 3), "float32"))
    paths = _paths(model)
    # Public attributes in sorted order, then `layers` (names by class), private attributes last.
    assert paths == {
        "": ["0"],
        "blocks/dense": ["0", "1"],
        "blocks/dense_1": ["0", "1"],
        "blocks/layer_normalization": ["0", "1"],
        "layers/dense": ["0", "1"],
        "layers/dense_3": ["0", "1"],
    }


def test_sequential_and_functional_paths_match_keras():
    sequential = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dropout(0.1),
                                   keras.layers.Dense(2)])
    assert list(_paths(sequential)) == ["", "layers/dense", "layers/dropout", "layers/dense_1"]
    inputs = keras.Input((5,))
    inner = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3)], name="inner")
    merged = keras.layers.Add()([inner(inputs), keras.layers.Dense(3)(inputs)])
    model = keras.Model(inputs, keras.layers.BatchNormalization()(merged))
    paths = _paths(model)
    assert paths["layers/sequential/layers/dense"] == ["0", "1"]
    assert paths["layers/batch_normalization"] == ["0", "1", "2", "3"]
    assert "layers/input_layer" in paths and "layers/add" in paths


def test_optimizer_is_walked_after_building():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    model.compile("adam", "mse")
    model.fit(np.ones((2, 4), "float32"), np.ones((2, 2), "float32"), verbose=0)
    paths = _paths(model)
    # iteration, learning_rate, then momentum and velocity for the kernel and the bias.
    assert sorted(paths["optimizer"], key=int) == [str(i) for i in range(6)]
    assert len(model.optimizer.variables) == 6
