"""Parity: `summary()` text and `get_config()` dicts against real Keras, for the same models built the same way.

Each builder takes the `keras` namespace to build with (real Keras or kerastorch), so both sides build exactly
the same model; names are auto-generated, so both start from a cleared session.
"""

import numpy as np
import pytest


@pytest.fixture(autouse=True)
def _same_console(monkeypatch):
    # Both sides size the table from the terminal; pin it so they agree wherever the suite runs.
    monkeypatch.setenv("COLUMNS", "80")


def mnist(keras):
    return keras.Sequential([keras.layers.Dense(128, activation="relu", input_shape=(784,)),
                             keras.layers.Dense(10, activation="softmax")])


def unbuilt(keras):
    return keras.Sequential([keras.layers.Dense(10), keras.layers.Dense(2)])


def embedding_classifier(keras):
    return keras.Sequential([keras.Input((5,), dtype="int32"), keras.layers.Embedding(100, 8),
                             keras.layers.Flatten(), keras.layers.Dense(1, activation="sigmoid")])


def two_heads(keras):
    inputs = keras.Input((16,), name="features")
    hidden = keras.layers.Dense(32, activation="relu")(inputs)
    return keras.Model(inputs, [keras.layers.Dense(1, name="score")(hidden),
                                keras.layers.Dense(5, activation="softmax", name="klass")(hidden)], name="two_heads")


def shared(keras):
    x1, x2 = keras.Input((8,)), keras.Input((8,))
    layer = keras.layers.Dense(4)
    return keras.Model([x1, x2], [layer(x1), layer(x2)])


def shared_at_two_depths(keras):
    x = keras.Input((4,))
    a, b = keras.layers.Dense(4, name="a"), keras.layers.Dense(4, name="b")
    return keras.Model(x, a(b(a(b(x)))))


def dict_io(keras):
    a, b = keras.Input((3,), name="a"), keras.Input((3,), name="b")
    return keras.Model({"a": a, "b": b}, {"out_a": keras.layers.Dense(2, name="da")(a),
                                          "out_b": keras.layers.Dense(2, name="db")(b)})


def merge(keras):
    a, b = keras.Input((8,), name="a"), keras.Input((4,), name="b")
    x = keras.layers.Concatenate()([keras.layers.Dense(4)(a), b])
    return keras.Model([a, b], keras.layers.Add()([keras.layers.Dense(3)(x), keras.layers.Dense(3)(x)]), name="merge")


def reshape_chain(keras):
    x = keras.Input((12,))
    y = keras.layers.Flatten()(keras.layers.Permute((2, 1))(keras.layers.Reshape((3, 4))(x)))
    return keras.Model(x, keras.layers.Activation("relu")(y))


def float16_chain(keras):
    x = keras.Input((None, 5), dtype="float16")
    y = x
    for _ in range(3):
        y = keras.layers.Dense(7, dtype="float16")(y)
    return keras.Model(x, y)


def frozen(keras):
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, name="a_rather_long_layer_name_that_wraps"),
                              keras.layers.Dense(2)])
    model.layers[0].trainable = False
    return model


def nested_functional(keras):
    inner_in = keras.Input((6,))
    inner = keras.Model(inner_in, keras.layers.Dense(3)(keras.layers.Dense(5)(inner_in)), name="inner")
    x = keras.Input((6,))
    return keras.Model(x, keras.layers.Dense(2)(inner(x)), name="outer")


def nested_sequential(keras):
    block = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4), keras.layers.Dense(4)], name="block")
    return keras.Sequential([keras.Input((3,)), block, keras.layers.Dense(1)])


def with_dropout(keras):
    x = keras.Input((8,))
    return keras.Model(x, keras.layers.Dense(2)(keras.layers.Dropout(0.5)(keras.layers.Dense(4)(x))))


def subclassed(keras):
    class MLP(keras.Model):
        def __init__(self):
            super().__init__(name="mlp")
            self.d1 = keras.layers.Dense(8, activation="relu")
            self.d2 = keras.layers.Dense(2)

        def call(self, x):
            return self.d2(self.d1(x))

    model = MLP()
    model(np.zeros((3, 5), dtype="float32"))
    return model


SUMMARY_MODELS = [mnist, unbuilt, embedding_classifier, two_heads, shared, shared_at_two_depths, dict_io, merge,
                  reshape_chain, float16_chain, frozen, nested_functional, nested_sequential, with_dropout, subclassed]
SUMMARY_OPTIONS = {
    "default": {},
    "trainable": {"show_trainable": True},
    "expanded": {"expand_nested": True, "show_trainable": True},
    "narrow": {"line_length": 50},
    "wide_cropped": {"line_length": 120},
    "positions": {"positions": [0.5, 0.7, 0.8, 1.0]},
    "range": {"layer_range": ["dense.*", "dense.*"]},
}


def _build_both(builder, keras_ref, kt):
    keras_ref.backend.clear_session()
    expected = builder(keras_ref)
    kt.backend.clear_session()
    got = builder(kt)
    return expected, got


def _summary(model, **kwargs):
    printed = []
    model.summary(print_fn=printed.append, **kwargs)
    return "".join(printed)


@pytest.mark.parametrize("options", list(SUMMARY_OPTIONS), ids=str)
@pytest.mark.parametrize("builder", SUMMARY_MODELS, ids=lambda f: f.__name__)
def test_summary_text(builder, options, keras_ref, kt):
    expected, got = _build_both(builder, keras_ref, kt)
    kwargs = SUMMARY_OPTIONS[options]
    if options == "range" and not any(layer.name.startswith("dense") for layer in getattr(got, "_operations", got.layers)):
        with pytest.raises(ValueError):
            _summary(expected, **kwargs)
        with pytest.raises(ValueError):
            _summary(got, **kwargs)
        return
    assert _summary(got, **kwargs) == _summary(expected, **kwargs)


def test_mnist_summary_to_stdout(keras_ref, kt, capsys):
    expected, got = _build_both(mnist, keras_ref, kt)
    expected.summary()
    reference = capsys.readouterr().out
    got.summary()
    assert capsys.readouterr().out == reference
    assert " Total params: 101,770 (397.54 KB)\n" in reference


CONFIG_MODELS = [mnist, unbuilt, embedding_classifier, two_heads, shared, shared_at_two_depths, dict_io, merge,
                 reshape_chain, float16_chain, frozen, nested_functional, nested_sequential, with_dropout]


@pytest.mark.parametrize("builder", CONFIG_MODELS, ids=lambda f: f.__name__)
def test_get_config(builder, keras_ref, kt):
    expected, got = _build_both(builder, keras_ref, kt)
    assert got.get_config() == expected.get_config()


@pytest.mark.parametrize("builder", [two_heads, shared, shared_at_two_depths, dict_io, merge, float16_chain],
                         ids=lambda f: f.__name__)
def test_keras_config_loads_and_computes_the_same(builder, keras_ref, kt):
    """A config written by real Keras rebuilds in kerastorch to the same config and, with Keras's weights,
    the same outputs."""
    expected, _ = _build_both(builder, keras_ref, kt)
    config = expected.get_config()
    kt.backend.clear_session()
    rebuilt = kt.Model.from_config(config)
    assert rebuilt.get_config() == config
    rebuilt.set_weights(expected.get_weights())
    rng = np.random.default_rng(0)
    if isinstance(expected.input, dict):
        data = {k: rng.random((2, *v.shape[1:])).astype(v.dtype) for k, v in expected.input.items()}
    else:
        data = [rng.random((2, *[d or 3 for d in x.shape[1:]])).astype(x.dtype) for x in expected.inputs]
        data = data if len(data) > 1 else data[0]
    want, have = expected.predict(data, verbose=0), rebuilt(data)
    want = [want[k] for k in sorted(want)] if isinstance(want, dict) else (want if isinstance(want, list) else [want])
    have = [have[k] for k in sorted(have)] if isinstance(have, dict) else (list(have) if isinstance(have, (list, tuple)) else [have])
    for w, h in zip(want, have):
        tol = 1e-3 if w.dtype == np.float16 else 1e-6
        np.testing.assert_allclose(h.detach().cpu().numpy(), w, rtol=tol, atol=tol)
