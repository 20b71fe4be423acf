"""fit parity: the same model, weights, data and optimizer in real Keras and kerastorch, 3 epochs without
shuffling; histories within rtol 1e-4 and final weights within atol 1e-5 (float32)."""

import numpy as np
import pytest

EPOCHS = 3

# (optimizer class, its arguments)
OPTIMIZERS = [
    ("SGD", dict(learning_rate=0.1, momentum=0.9, nesterov=True)),
    ("SGD", dict(learning_rate=0.05)),
    ("Adam", dict(learning_rate=1e-2)),
    ("Adam", dict(learning_rate=1e-2, amsgrad=True)),
    ("AdamW", dict(learning_rate=1e-2)),
    ("RMSprop", dict(learning_rate=1e-2)),
    ("RMSprop", dict(learning_rate=1e-3, momentum=0.5, centered=True)),
    ("Adagrad", dict(learning_rate=0.1)),
    ("Adamax", dict(learning_rate=1e-2)),
    ("Nadam", dict(learning_rate=1e-2)),
    ("Adadelta", dict(learning_rate=1.0)),
    ("Lion", dict(learning_rate=1e-3)),
    ("Ftrl", dict(learning_rate=0.1)),
    ("Adafactor", dict(learning_rate=1e-2)),
    ("SGD", dict(learning_rate=0.1, clipnorm=0.5)),
    ("Adam", dict(learning_rate=1e-2, global_clipnorm=0.5, weight_decay=0.01)),
]

# (loss, metrics, output units, output activation, target kind)
TASKS = [
    ("sparse_categorical_crossentropy", ["accuracy"], 3, "softmax", "sparse"),
    ("categorical_crossentropy", ["accuracy"], 3, "softmax", "onehot"),
    ("mse", ["mae"], 1, None, "regression"),
    ("huber", ["mse"], 1, None, "regression"),
    ("binary_crossentropy", ["accuracy"], 1, "sigmoid", "binary"),
]


def _data(kind, n=100):
    rng = np.random.default_rng(7)
    x = rng.normal(size=(n, 6)).astype("float32")
    score = x[:, 0] - 0.5 * x[:, 1] + 0.25 * x[:, 2]
    if kind == "sparse":
        return x, np.digitize(score, [-0.5, 0.5]).astype("int64")
    if kind == "onehot":
        return x, np.eye(3, dtype="float32")[np.digitize(score, [-0.5, 0.5])]
    if kind == "binary":
        return x, (score > 0).astype("float32")[:, None]
    return x, score[:, None].astype("float32")


def _build(lib, units, activation):
    return lib.Sequential([
        lib.Input((6,)),
        lib.layers.Dense(16, activation="relu"),
        lib.layers.Dense(units, activation=activation),
    ])


def _run(lib, weights, optimizer, loss, metrics, units, activation, x, y, initial=None):
    model = _build(lib, units, activation)
    model.set_weights(weights)
    model.compile(optimizer=getattr(lib.optimizers, optimizer[0])(**optimizer[1]), loss=loss, metrics=metrics)
    history = model.fit(x, y, epochs=EPOCHS, batch_size=32, shuffle=False, verbose=0)
    return history.history, model.get_weights()


def _compare(keras_ref, kt, optimizer, task):
    loss, metrics, units, activation, kind = task
    x, y = _data(kind)
    weights = _build(keras_ref, units, activation).get_weights()
    ref_history, ref_weights = _run(keras_ref, weights, optimizer, loss, metrics, units, activation, x, y)
    kt_history, kt_weights = _run(kt, weights, optimizer, loss, metrics, units, activation, x, y)
    assert sorted(kt_history) == sorted(ref_history)
    for key in ref_history:
        np.testing.assert_allclose(kt_history[key], ref_history[key], rtol=1e-4, atol=1e-6, err_msg=key)
    for got, want in zip(kt_weights, ref_weights):
        np.testing.assert_allclose(got, want, atol=1e-5)


@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=lambda o: f"{o[0]}-{'-'.join(map(str, o[1].values()))}")
def test_optimizer_parity_on_sparse_crossentropy(keras_ref, kt, optimizer):
    _compare(keras_ref, kt, optimizer, TASKS[0])


@pytest.mark.parametrize("task", TASKS, ids=lambda t: t[0])
@pytest.mark.parametrize("optimizer", [OPTIMIZERS[0], OPTIMIZERS[2], OPTIMIZERS[4], OPTIMIZERS[5], OPTIMIZERS[7]],
                         ids=lambda o: o[0])
def test_loss_parity_across_optimizers(keras_ref, kt, optimizer, task):
    _compare(keras_ref, kt, optimizer, task)


def test_evaluate_and_predict_parity(keras_ref, kt):
    x, y = _data("sparse")
    weights = _build(keras_ref, 3, "softmax").get_weights()
    results = []
    for lib in (keras_ref, kt):
        model = _build(lib, 3, "softmax")
        model.set_weights(weights)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        results.append((model.evaluate(x, y, verbose=0), model.predict(x, verbose=0)))
    np.testing.assert_allclose(results[1][0], results[0][0], rtol=1e-5)
    np.testing.assert_allclose(results[1][1], results[0][1], atol=1e-6)


@pytest.mark.parametrize("policy", ["mixed_bfloat16", "mixed_float16"])
def test_mixed_precision_fit_parity(keras_ref, kt, policy):
    """Under a mixed policy both compute the same half-precision math on float32 weights. Half precision
    rounds differently in different kernel orders, so the tolerance is a half-precision one."""
    x, y = _data("regression")
    results = []
    try:
        for lib in (keras_ref, kt):
            lib.mixed_precision.set_global_policy(policy)
            model = lib.Sequential([lib.Input((6,)), lib.layers.Dense(16, activation="relu"),
                                    lib.layers.Dense(1, dtype="float32")])
            if not results:
                weights = model.get_weights()
            model.set_weights(weights)
            model.compile(optimizer=lib.optimizers.SGD(0.01), loss="mse")
            history = model.fit(x, y, epochs=2, batch_size=32, shuffle=False, verbose=0)
            results.append((history.history["loss"], model.predict(x, verbose=0), type(model.optimizer).__name__))
    finally:
        keras_ref.mixed_precision.set_global_policy("float32")
        kt.mixed_precision.set_global_policy("float32")
    assert results[1][2] == results[0][2]
    np.testing.assert_allclose(results[1][0], results[0][0], rtol=2e-2)
    np.testing.assert_allclose(results[1][1], results[0][1], rtol=5e-2, atol=5e-2)
