"""Saving parity: every layer family round-trips between kerastorch and real Keras through `.keras` files.

For each family a small model is built the same way in both libraries, its weights are set to distinct
random values (so a weight landing in the wrong place shows), then:

- kerastorch saves `.keras` -> real Keras loads it -> predictions equal kerastorch's (atol 1e-5);
- real Keras saves `.keras` -> kerastorch loads it -> predictions equal real Keras's (atol 1e-5).

A family whose layer classes kerastorch does not have yet is skipped, so new families join as they land.
"""

import numpy as np
import pytest

ATOL = 1e-5


def _dense(lib):
    L = lib.layers
    return lib.Sequential([lib.Input((4,)), L.Dense(5, activation="relu"), L.Dense(3)]), (2, 4)


def _embedding(lib):
    L = lib.layers
    inputs = lib.Input((5,), dtype="int32")
    outputs = L.Dense(2)(L.Flatten()(L.Embedding(10, 3)(inputs)))
    return lib.Model(inputs, outputs), ("int", (2, 5), 10)


def _merging(lib):
    L = lib.layers
    inputs = lib.Input((4,))
    a, b = L.Dense(3)(inputs), L.Dense(3)(inputs)
    merged = L.Concatenate()([L.Add()([a, b]), L.Multiply()([a, b]), L.Subtract()([a, b]), L.Maximum()([a, b])])
    outputs = L.Dense(2)(L.Dropout(0.5)(merged))
    return lib.Model(inputs, outputs), (2, 4)


def _activations(lib):
    L = lib.layers
    return lib.Sequential([lib.Input((4,)), L.Dense(4), L.PReLU(), L.LeakyReLU(), L.ELU(), L.Softmax()]), (2, 4)


def _nested(lib):
    L = lib.layers
    inner = lib.Sequential([lib.Input((4,)), L.Dense(3, activation="tanh")], name="inner")
    inputs = lib.Input((4,))
    outputs = L.Dense(2)(L.Concatenate()([inner(inputs), L.Dense(3)(inputs)]))
    return lib.Model(inputs, outputs), (2, 4)


def _convolutional(lib):
    L = lib.layers
    return lib.Sequential([
        lib.Input((8, 8, 2)), L.Conv2D(3, 3, padding="same"), L.DepthwiseConv2D(3), L.SeparableConv2D(2, 3),
        L.Conv2DTranspose(2, 2), L.Flatten(), L.Dense(2),
    ]), (2, 8, 8, 2)


def _conv1d(lib):
    L = lib.layers
    return lib.Sequential([lib.Input((7, 3)), L.Conv1D(4, 3), L.MaxPooling1D(), L.GlobalAveragePooling1D(),
                           L.Dense(2)]), (2, 7, 3)


def _pooling(lib):
    L = lib.layers
    inputs = lib.Input((8, 8, 2))
    h = L.Conv2D(2, 1)(inputs)
    merged = L.Concatenate()([L.GlobalMaxPooling2D()(L.MaxPooling2D()(h)),
                              L.GlobalAveragePooling2D()(L.AveragePooling2D(2)(h))])
    return lib.Model(inputs, L.Dense(2)(merged)), (2, 8, 8, 2)


def _normalization(lib):
    L = lib.layers
    return lib.Sequential([
        lib.Input((6, 4)), L.Dense(4), L.BatchNormalization(), L.LayerNormalization(), L.GroupNormalization(2),
        L.UnitNormalization(), L.Flatten(), L.Dense(2),
    ]), (2, 6, 4)


def _attention(lib):
    L = lib.layers
    inputs = lib.Input((5, 4))
    h = L.MultiHeadAttention(num_heads=2, key_dim=3)(inputs, inputs)
    h = L.Attention()([h, inputs])
    return lib.Model(inputs, L.Dense(2)(L.Flatten()(h))), (2, 5, 4)


def _recurrent(lib):
    L = lib.layers
    inputs = lib.Input((5, 3))
    h = L.LSTM(4, return_sequences=True)(inputs)
    h = L.GRU(3, return_sequences=True)(h)
    h = L.Bidirectional(L.SimpleRNN(2))(h)
    return lib.Model(inputs, L.Dense(2)(h)), (2, 5, 3)


def _einsum(lib):
    L = lib.layers
    return lib.Sequential([lib.Input((3, 4)), L.EinsumDense("abc,cd->abd", output_shape=(3, 5), bias_axes="d"),
                           L.Flatten(), L.Dense(2)]), (2, 3, 4)


def _preprocessing(lib):
    L = lib.layers
    return lib.Sequential([lib.Input((4,)), L.Rescaling(0.5, offset=1.0), L.Normalization(mean=0.5, variance=2.0),
                           L.Dense(2)]), (2, 4)


FAMILIES = {
    "dense": (_dense, ["Dense"]),
    "embedding": (_embedding, ["Embedding", "Flatten"]),
    "merging_dropout": (_merging, ["Add", "Multiply", "Subtract", "Maximum", "Concatenate", "Dropout"]),
    "activations": (_activations, ["PReLU", "LeakyReLU", "ELU", "Softmax"]),
    "nested_models": (_nested, ["Dense", "Concatenate"]),
    "convolutional": (_convolutional, ["Conv2D", "DepthwiseConv2D", "SeparableConv2D", "Conv2DTranspose"]),
    "conv1d_pooling1d": (_conv1d, ["Conv1D", "MaxPooling1D", "GlobalAveragePooling1D"]),
    "pooling": (_pooling, ["MaxPooling2D", "AveragePooling2D", "GlobalMaxPooling2D", "GlobalAveragePooling2D"]),
    "normalization": (_normalization, ["BatchNormalization", "LayerNormalization", "GroupNormalization",
                                       "UnitNormalization"]),
    "attention": (_attention, ["MultiHeadAttention", "Attention"]),
    "recurrent": (_recurrent, ["LSTM", "GRU", "SimpleRNN", "Bidirectional"]),
    "einsum_dense": (_einsum, ["EinsumDense"]),
    "preprocessing": (_preprocessing, ["Rescaling", "Normalization"]),
}


def _require(kt, names):
    missing = [name for name in names if not hasattr(kt.layers, name)]
    if missing:
        pytest.skip(f"kerastorch.layers has no {missing} yet")


def _inputs(spec, seed=0):
    rng = np.random.default_rng(seed)
    if spec[0] == "int":
        return rng.integers(0, spec[2], size=spec[1]).astype("int32")
    return rng.normal(size=spec).astype("float32")


def _randomize(model, seed):
    """Distinct small values for every float weight (positive ones for variances), so outputs stay O(1)."""
    rng = np.random.default_rng(seed)
    for variable in model.weights:
        value = np.asarray(variable)
        if np.issubdtype(value.dtype, np.floating):
            low, high = (0.5, 1.5) if "variance" in str(variable.path) else (-0.3, 0.3)
            variable.assign(rng.uniform(low, high, size=value.shape).astype(value.dtype))


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_kerastorch_to_keras(family, kt, keras_ref, tmp_path):
    build, names = FAMILIES[family]
    _require(kt, names)
    model, spec = build(kt)
    _randomize(model, seed=1)
    x = _inputs(spec)
    expected = model.predict(x, verbose=0)
    path = str(tmp_path / f"{family}.keras")
    model.save(path) if hasattr(model, "save") else kt.saving.save_model(model, path)
    loaded = keras_ref.models.load_model(path)
    np.testing.assert_allclose(np.asarray(loaded.predict(x, verbose=0)), expected, atol=ATOL)
    assert [tuple(w.shape) for w in loaded.weights] == [tuple(w.shape) for w in model.weights]


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_keras_to_kerastorch(family, kt, keras_ref, tmp_path):
    build, names = FAMILIES[family]
    _require(kt, names)
    model, spec = build(keras_ref)
    _randomize(model, seed=2)
    x = _inputs(spec)
    expected = np.asarray(model.predict(x, verbose=0))
    path = str(tmp_path / f"{family}.keras")
    model.save(path)
    loaded = kt.models.load_model(path) if hasattr(kt.models, "load_model") else kt.saving.load_model(path)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), expected, atol=ATOL)


def _two_layer_subclass(lib):
    @lib.saving.register_keras_serializable(package="parity", name="Tower")
    class Tower(lib.Model):
        def __init__(self, units=3, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.zeta = lib.layers.Dense(units)
            self.blocks = [lib.layers.Dense(units), lib.layers.Dense(units)]
            self._hidden = lib.layers.Dense(units)
            self.alpha = self.add_weight(shape=(units,), initializer="ones", name="alpha")

        def call(self, x):
            for block in self.blocks:
                x = block(x)
            return self.zeta(self._hidden(x)) * self.alpha

        def get_config(self):
            return {**super().get_config(), "units": self.units}

    return Tower


@pytest.mark.parametrize("direction", ["kt_to_keras", "keras_to_kt"])
def test_registered_subclassed_model(direction, kt, keras_ref, tmp_path):
    source, target = (kt, keras_ref) if direction == "kt_to_keras" else (keras_ref, kt)
    _two_layer_subclass(target)
    model = _two_layer_subclass(source)(name="tower")
    x = _inputs((2, 3))
    model(x)
    _randomize(model, seed=3)
    expected = np.asarray(model.predict(x, verbose=0))
    path = str(tmp_path / "tower.keras")
    source.saving.save_model(model, path)
    loaded = target.saving.load_model(path)
    np.testing.assert_allclose(np.asarray(loaded.predict(x, verbose=0)), expected, atol=ATOL)


@pytest.mark.parametrize("direction", ["kt_to_keras", "keras_to_kt"])
def test_compiled_model_optimizer_state_and_training_continue(direction, kt, keras_ref, tmp_path):
    source, target = (kt, keras_ref) if direction == "kt_to_keras" else (keras_ref, kt)
    model, _ = _dense(source)
    _randomize(model, seed=4)
    model.compile(optimizer=source.optimizers.Adam(0.01), loss="mse")
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(8, 4)).astype("float32"), rng.normal(size=(8, 3)).astype("float32")
    model.fit(x, y, batch_size=4, epochs=2, verbose=0, shuffle=False)
    path = str(tmp_path / "compiled.keras")
    source.saving.save_model(model, path)
    loaded = target.saving.load_model(path)
    assert int(np.asarray(loaded.optimizer.iterations)) == 4
    for mine, theirs in zip(loaded.optimizer.variables, model.optimizer.variables):
        np.testing.assert_allclose(np.asarray(mine), np.asarray(theirs), atol=1e-6)
    model.train_on_batch(x, y)
    loaded.train_on_batch(x, y)
    np.testing.assert_allclose(np.asarray(loaded.predict(x, verbose=0)), np.asarray(model.predict(x, verbose=0)),
                               atol=ATOL)


@pytest.mark.parametrize("direction", ["kt_to_keras", "keras_to_kt"])
def test_weights_h5_both_directions(direction, kt, keras_ref, tmp_path):
    source, target = (kt, keras_ref) if direction == "kt_to_keras" else (keras_ref, kt)
    built_source, spec = _merging(source)
    built_target, _ = _merging(target)
    _randomize(built_source, seed=6)
    path = str(tmp_path / "m.weights.h5")
    built_source.save_weights(path) if hasattr(built_source, "save_weights") else source.saving.save_weights(
        built_source, path)
    if hasattr(built_target, "load_weights"):
        built_target.load_weights(path)
    else:
        target.saving.load_weights(built_target, path)
    x = _inputs(spec)
    np.testing.assert_allclose(np.asarray(built_target.predict(x, verbose=0)),
                               np.asarray(built_source.predict(x, verbose=0)), atol=ATOL)


def test_legacy_h5_written_by_kerastorch_opens_in_keras(kt, keras_ref, tmp_path):
    model, spec = _nested(kt)
    _randomize(model, seed=7)
    path = str(tmp_path / "m.h5")
    with pytest.warns(UserWarning, match="considered legacy"):
        kt.saving.save_model(model, path)
    loaded = keras_ref.models.load_model(path)
    x = _inputs(spec)
    np.testing.assert_allclose(np.asarray(loaded.predict(x, verbose=0)), model.predict(x, verbose=0), atol=ATOL)
