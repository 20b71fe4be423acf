"""Callback parity: the same model, initial weights and data (no shuffling) trained in real Keras and
kerastorch with the same callback; the callback's decisions (stop epoch, learning rates, CSV columns and
values) must agree."""

import csv

import numpy as np
import pytest

EPOCHS = 12


def _data():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(96, 5)).astype("float32")
    y = (x @ np.array([[0.5], [-1.0], [0.25], [0.0], [2.0]], dtype="float32")).astype("float32")
    return x, y


def _fit(lib, weights, callbacks, learning_rate=0.02, epochs=EPOCHS):
    x, y = _data()
    model = lib.Sequential([lib.Input((5,)), lib.layers.Dense(8, activation="tanh"), lib.layers.Dense(1)])
    model.set_weights(weights)
    model.compile(optimizer=lib.optimizers.SGD(learning_rate=learning_rate), loss="mse", metrics=["mae"])
    seen = []
    probe = lib.callbacks.LambdaCallback(on_epoch_begin=lambda e, l: seen.append(float(model.optimizer.learning_rate)))
    history = model.fit(x[:64], y[:64], validation_data=(x[64:], y[64:]), epochs=epochs, batch_size=16,
                        shuffle=False, verbose=0, callbacks=[probe, *callbacks])
    return history, seen


def _weights(keras_ref):
    model = keras_ref.Sequential([keras_ref.Input((5,)), keras_ref.layers.Dense(8, activation="tanh"),
                                  keras_ref.layers.Dense(1)])
    return model.get_weights()


@pytest.mark.parametrize("kwargs", [
    dict(monitor="val_loss", min_delta=0.05, patience=1),
    dict(monitor="val_mae", min_delta=0.05, patience=2, start_from_epoch=3),
    dict(monitor="loss", patience=0, baseline=0.5, min_delta=0.1),
], ids=["min_delta", "start_from_epoch", "baseline"])
def test_early_stopping_stops_at_the_same_epoch(keras_ref, kt, kwargs):
    weights = _weights(keras_ref)
    ref, _ = _fit(keras_ref, weights, [keras_ref.callbacks.EarlyStopping(**kwargs)])
    got, _ = _fit(kt, weights, [kt.callbacks.EarlyStopping(**kwargs)])
    assert 1 < len(ref.epoch) < EPOCHS  # the case really stops early
    assert got.epoch == ref.epoch


def test_early_stopping_restores_the_same_weights(keras_ref, kt):
    weights = _weights(keras_ref)
    kwargs = dict(monitor="val_loss", min_delta=0.05, patience=2, restore_best_weights=True)
    ref_stop, kt_stop = keras_ref.callbacks.EarlyStopping(**kwargs), kt.callbacks.EarlyStopping(**kwargs)
    ref, _ = _fit(keras_ref, weights, [ref_stop])
    got, _ = _fit(kt, weights, [kt_stop])
    assert got.epoch == ref.epoch and kt_stop.best_epoch == ref_stop.best_epoch
    for a, b in zip(kt_stop.model.get_weights(), ref_stop.model.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-5)


@pytest.mark.parametrize("kwargs", [
    dict(monitor="val_loss", factor=0.5, patience=1, min_delta=0.05),
    dict(monitor="loss", factor=0.2, patience=1, min_delta=0.05, cooldown=2, min_lr=0.001),
], ids=["patience", "cooldown_min_lr"])
def test_reduce_lr_on_plateau_learning_rates(keras_ref, kt, kwargs):
    weights = _weights(keras_ref)
    ref, ref_seen = _fit(keras_ref, weights, [keras_ref.callbacks.ReduceLROnPlateau(**kwargs)])
    got, got_seen = _fit(kt, weights, [kt.callbacks.ReduceLROnPlateau(**kwargs)])
    assert len(set(np.round(ref_seen, 8))) > 1  # the case really reduces
    np.testing.assert_allclose(got_seen, ref_seen, rtol=1e-6)
    np.testing.assert_allclose(got.history["learning_rate"], ref.history["learning_rate"], rtol=1e-7)
    np.testing.assert_allclose(got.history["val_loss"], ref.history["val_loss"], rtol=1e-4)


def test_learning_rate_scheduler_learning_rates(keras_ref, kt):
    weights = _weights(keras_ref)

    def schedule(epoch, lr):
        return lr if epoch < 3 else lr * 0.7

    ref, ref_seen = _fit(keras_ref, weights, [keras_ref.callbacks.LearningRateScheduler(schedule)], epochs=6)
    got, got_seen = _fit(kt, weights, [kt.callbacks.LearningRateScheduler(schedule)], epochs=6)
    np.testing.assert_allclose(got_seen, ref_seen, rtol=1e-6)
    assert got.history["learning_rate"] == ref.history["learning_rate"]
    np.testing.assert_allclose(got.history["loss"], ref.history["loss"], rtol=1e-4)


def test_csv_logger_columns_and_values(keras_ref, kt, tmp_path):
    weights = _weights(keras_ref)
    tables = []
    for name, lib in (("ref", keras_ref), ("kt", kt)):
        path = tmp_path / f"{name}.csv"
        _fit(lib, weights, [lib.callbacks.CSVLogger(str(path), separator=";")], epochs=3)
        with open(path, newline="") as f:
            tables.append(list(csv.reader(f, delimiter=";")))
    ref, got = tables
    assert got[0] == ref[0]
    assert [row[0] for row in got] == [row[0] for row in ref]
    np.testing.assert_allclose(np.array([r[1:] for r in got[1:]], dtype=float),
                               np.array([r[1:] for r in ref[1:]], dtype=float), rtol=1e-4)
