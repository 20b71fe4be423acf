"""More callback parity: the same model, initial weights and data (no shuffling) trained in real Keras and
kerastorch with the same callbacks. Besides the decisions (stop epoch, learning rates, files saved), the text
the callbacks print or write, the hooks they are called in and the `logs` each hook receives must agree.
test_parity_callbacks.py has the first EarlyStopping, ReduceLROnPlateau and CSVLogger cases."""

import os
import re
import warnings

import numpy as np
import pytest

X_RNG = np.random.default_rng(3)
X = X_RNG.normal(size=(96, 5)).astype("float32")
Y = (X @ np.array([[0.5], [-1.0], [0.25], [0.0], [2.0]], dtype="float32")).astype("float32")
LABELS = (Y > 0).astype("float32")


def _weights(keras_ref):
    model = keras_ref.Sequential([keras_ref.Input((5,)), keras_ref.layers.Dense(8, activation="tanh"),
                                  keras_ref.layers.Dense(1)])
    return model.get_weights()


def _model(lib, weights, learning_rate=0.05, loss="mse", metrics=("mae",), activation=None):
    model = lib.Sequential([lib.Input((5,)), lib.layers.Dense(8, activation="tanh"),
                            lib.layers.Dense(1, activation=activation)])
    model.set_weights(weights)
    model.compile(optimizer=lib.optimizers.SGD(learning_rate=learning_rate), loss=loss, metrics=list(metrics))
    return model


def _fit(model, callbacks, epochs=6, validation=True, y=Y, **kwargs):
    return model.fit(X[:64], y[:64], validation_data=(X[64:], y[64:]) if validation else None, epochs=epochs,
                     batch_size=16, shuffle=False, verbose=0, callbacks=callbacks, **kwargs)


def _both(keras_ref, kt, run):
    """`run(lib, weights)` in Keras then kerastorch, with what each printed and warned."""
    weights = _weights(keras_ref)
    results = []
    for lib in (keras_ref, kt):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = run(lib, weights)
        messages = [str(w.message) for w in caught if issubclass(w.category, UserWarning)
                    and "keras.json" not in str(w.message)]
        results.append((result, messages))
    return results


def _printed(capsys, keras_ref, kt, run):
    """Like `_both`, with the standard output of each run (callbacks print their messages there)."""
    weights = _weights(keras_ref)
    outputs = []
    for lib in (keras_ref, kt):
        capsys.readouterr()
        result = run(lib, weights)
        outputs.append((result, capsys.readouterr().out))
    return outputs


# ---------------------------------------------------------------------------------------------- EarlyStopping
@pytest.mark.parametrize("kwargs, stops", [
    # Never beaten, but every epoch improves on the best so far: Keras only checks patience on an epoch that
    # does not improve, so training runs to the end with `wait` counting every epoch.
    (dict(monitor="val_loss", baseline=0.01, patience=2), False),
    # Beaten from the first epoch: plain patience.
    (dict(monitor="val_loss", baseline=100.0, patience=1, min_delta=0.2), True),
    (dict(monitor="loss", baseline=0.5, patience=1), True),
], ids=["never_beaten", "beaten", "diverging"])
def test_early_stopping_baseline(keras_ref, kt, kwargs, stops):
    def run(lib, weights):
        stop = lib.callbacks.EarlyStopping(**kwargs)
        rate = 0.5 if kwargs["monitor"] == "loss" else 0.05  # the diverging case: the loss climbs
        history = _fit(_model(lib, weights, learning_rate=rate), [stop], epochs=8)
        return history.epoch, stop.stopped_epoch, stop.wait, stop.best_epoch, stop.best

    (ref, _), (got, _) = _both(keras_ref, kt, run)
    assert (len(ref[0]) < 8) == stops and (ref[1] > 0) == stops
    assert got[:4] == ref[:4]
    np.testing.assert_allclose(got[4], ref[4], rtol=1e-4)


def _restore_run(kwargs, learning_rate, epochs):
    def run(lib, weights):
        model = _model(lib, weights, learning_rate=learning_rate)
        seen = []
        probe = lib.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(model.get_weights()))
        stop = lib.callbacks.EarlyStopping(**kwargs)
        history = _fit(model, [probe, stop], epochs=epochs)
        return history.epoch, stop.best_epoch, stop.stopped_epoch, seen, model.get_weights()
    return run


@pytest.mark.parametrize("kwargs, learning_rate, epochs, restored", [
    # Stops early: the best epoch's weights come back.
    (dict(monitor="loss", patience=1), 0.5, 8, True),
    # Runs to the end without stopping: Keras restores the best epoch's weights all the same.
    (dict(monitor="loss", patience=10), 0.5, 4, True),
    # Nothing monitored (start_from_epoch beyond the run): no best weights, nothing restored.
    (dict(monitor="loss", patience=1, start_from_epoch=20), 0.05, 4, False),
], ids=["after_stop", "without_stop", "never_monitored"])
def test_early_stopping_restore_best_weights(keras_ref, kt, kwargs, learning_rate, epochs, restored):
    kwargs = dict(kwargs, restore_best_weights=True)
    (ref, _), (got, _) = _both(keras_ref, kt, _restore_run(kwargs, learning_rate, epochs))
    ref_epochs, ref_best, ref_stopped, ref_seen, ref_final = ref
    got_epochs, got_best, got_stopped, got_seen, got_final = got
    assert (got_epochs, got_best, got_stopped) == (ref_epochs, ref_best, ref_stopped)
    if restored:
        assert ref_best < ref_epochs[-1]  # the best epoch is not the last: restoring changes the weights
        expected_ref, expected_got = ref_seen[ref_best], got_seen[ref_best]
    else:
        expected_ref, expected_got = ref_seen[-1], got_seen[-1]
    for a, b in zip(ref_final, expected_ref):
        np.testing.assert_array_equal(a, b)
    for a, b, c in zip(got_final, expected_got, ref_final):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_allclose(a, c, rtol=1e-4, atol=1e-5)


def test_early_stopping_auto_mode_maximizes_accuracy(keras_ref, kt):
    def run(lib, weights):
        stop = lib.callbacks.EarlyStopping(monitor="val_binary_accuracy", patience=1, mode="auto")
        model = _model(lib, weights, learning_rate=0.5, loss="binary_crossentropy",
                       metrics=("binary_accuracy",), activation="sigmoid")
        history = _fit(model, [stop], epochs=10, y=LABELS)
        return history.epoch, history.history["val_binary_accuracy"], stop.best, stop.best_epoch

    (ref, _), (got, _) = _both(keras_ref, kt, run)
    epochs, accuracy, best, best_epoch = ref
    assert best == max(accuracy) and best_epoch == int(np.argmax(accuracy))  # "auto" is "max" here
    assert accuracy[best_epoch] > accuracy[0]
    assert got[0] == epochs and got[3] == best_epoch
    np.testing.assert_allclose(got[1], accuracy, rtol=1e-6)


def test_early_stopping_verbose_messages(keras_ref, kt, capsys):
    def run(lib, weights):
        stop = lib.callbacks.EarlyStopping(monitor="loss", patience=1, verbose=1, restore_best_weights=True)
        return _fit(_model(lib, weights, learning_rate=0.5), [stop], epochs=8).epoch

    (ref, ref_out), (got, got_out) = _printed(capsys, keras_ref, kt, run)
    assert ref_out == f"Epoch {len(ref)}: early stopping\nRestoring model weights from the end of the best epoch: " \
                      f"{len(ref) - 1}.\n"
    assert (got, got_out) == (ref, ref_out)


def test_early_stopping_missing_monitor_warns_each_epoch(keras_ref, kt):
    def run(lib, weights):
        stop = lib.callbacks.EarlyStopping(monitor="val_nope", mode="min")
        return _fit(_model(lib, weights), [stop], epochs=2).epoch

    (ref, ref_warned), (got, got_warned) = _both(keras_ref, kt, run)
    assert ref == [0, 1] and len(ref_warned) == 2
    assert ref_warned[0] == ("Early stopping conditioned on metric `val_nope` which is not available. Available "
                             "metrics are: loss,mae,val_loss,val_mae")
    assert (got, got_warned) == (ref, ref_warned)


# ----------------------------------------------------------------------------------------- ReduceLROnPlateau
@pytest.mark.parametrize("kwargs", [
    dict(monitor="loss", factor=0.3, patience=1, min_delta=0.5, min_lr=0.004, verbose=1),
    dict(monitor="loss", factor=0.5, patience=1, min_delta=0.5, cooldown=2, verbose=1),
    dict(monitor="val_loss", factor=0.5, patience=0, min_delta=0.0, verbose=1),
], ids=["min_lr_reached", "cooldown", "never_reduces"])
def test_reduce_lr_on_plateau_rates_and_messages(keras_ref, kt, capsys, kwargs):
    def run(lib, weights):
        reduce = lib.callbacks.ReduceLROnPlateau(**kwargs)
        history = _fit(_model(lib, weights), [reduce], epochs=7)
        return history.history["learning_rate"], reduce.wait, reduce.cooldown_counter, \
            float(history.model.optimizer.learning_rate)

    (ref, ref_out), (got, got_out) = _printed(capsys, keras_ref, kt, run)
    assert got_out == ref_out
    assert got == ref
    if "min_lr" in kwargs:
        assert ref[3] == pytest.approx(kwargs["min_lr"]) and ref_out.endswith("learning rate to 0.004.\n")
    elif kwargs["patience"] == 0:
        assert ref_out == "" and len(set(ref[0])) == 1
    else:
        assert ref_out.count("ReduceLROnPlateau reducing learning rate") == 2  # epochs 4 and 7: two cool down


def test_reduce_lr_on_plateau_learning_rate_in_logs(keras_ref, kt):
    """`learning_rate` reaches the History (after the callback) but not `on_train_end`'s logs."""

    def run(lib, weights):
        ends = []
        probe = lib.callbacks.LambdaCallback(on_train_end=lambda logs: ends.append(sorted(logs)))
        history = _fit(_model(lib, weights), [lib.callbacks.ReduceLROnPlateau(patience=1), probe], epochs=2)
        return list(history.history), history.history["learning_rate"], ends

    (ref, _), (got, _) = _both(keras_ref, kt, run)
    assert ref[0] == ["loss", "mae", "val_loss", "val_mae", "learning_rate"]
    assert ref[2] == [["loss", "mae", "val_loss", "val_mae"]]
    assert got == ref


def test_reduce_lr_on_plateau_missing_monitor_warns(keras_ref, kt):
    def run(lib, weights):
        history = _fit(_model(lib, weights), [lib.callbacks.ReduceLROnPlateau(monitor="val_nope", mode="min")],
                       epochs=2)
        return history.history["learning_rate"]

    (ref, ref_warned), (got, got_warned) = _both(keras_ref, kt, run)
    assert ref_warned == ["Learning rate reduction is conditioned on metric `val_nope` which is not available. "
                          "Available metrics are: loss,mae,val_loss,val_mae,learning_rate."] * 2
    assert (got, got_warned) == (ref, ref_warned)


# ------------------------------------------------------------------------------------------- ModelCheckpoint
@pytest.mark.parametrize("filepath, kwargs, files", [
    ("w.{epoch:02d}-{val_loss:.2f}.weights.h5", dict(save_weights_only=True), 4),
    # val_loss falls every epoch here, so "best only" saves every epoch too; the max-mode case saves fewer.
    ("w.{epoch:02d}-{val_loss:.2f}.weights.h5", dict(save_weights_only=True, save_best_only=True), 4),
    ("best.weights.h5", dict(save_weights_only=True, save_best_only=True, monitor="val_mae", mode="max"), 1),
    ("m.{epoch}.keras", dict(save_best_only=True, initial_value_threshold=0.6), None),
    # 4 batches an epoch: every 3rd batch is batch 3 of epoch 1, 2 of epoch 2, 1 and 4 of epoch 3 ...
    ("b.{epoch}-{batch}.weights.h5", dict(save_weights_only=True, save_freq=3), 5),
    ("b.{epoch}-{loss:.3f}.weights.h5", dict(save_weights_only=True, save_freq=5), 3),
], ids=["every_epoch", "best_only", "best_only_max", "threshold_keras", "batches_3", "batches_5_loss"])
def test_model_checkpoint_files_and_messages(keras_ref, kt, capsys, tmp_path, filepath, kwargs, files):
    def run(lib, weights):
        folder = tmp_path / lib.__name__
        model = _model(lib, weights)
        _fit(model, [lib.callbacks.ModelCheckpoint(str(folder / filepath), verbose=1, **kwargs)], epochs=4)
        names = sorted(os.listdir(folder))
        # What each file holds, read back into a fresh model of the same library.
        reader = _model(lib, weights)
        saved = []
        for name in names:
            if name.endswith(".weights.h5"):
                reader.load_weights(str(folder / name))
            else:
                reader = lib.saving.load_model(str(folder / name))
            saved.append(reader.get_weights())
        return names, saved

    (ref, ref_out), (got, got_out) = _printed(capsys, keras_ref, kt, run)
    if files is not None:
        assert len(ref[0]) == files
    else:  # the threshold holds off the first saves
        assert 0 < len(ref[0]) < 4 and ref[0][-1] == "m.4.keras"
    if "save_freq" in kwargs and "{batch}" in filepath:
        assert ref[0] == ["b.1-3.weights.h5", "b.2-2.weights.h5", "b.3-1.weights.h5", "b.3-4.weights.h5",
                          "b.4-3.weights.h5"]
    assert got[0] == ref[0]
    assert got_out.replace(str(tmp_path / "kerastorch"), str(tmp_path / "keras")) == ref_out
    for ref_weights, got_weights in zip(ref[1], got[1], strict=True):
        for a, b in zip(ref_weights, got_weights, strict=True):
            np.testing.assert_allclose(b, a, rtol=1e-4, atol=1e-5)


def test_model_checkpoint_missing_monitor_warns_and_saves(keras_ref, kt, tmp_path):
    def run(lib, weights):
        folder = tmp_path / lib.__name__
        checkpoint = lib.callbacks.ModelCheckpoint(str(folder / "n.{epoch}.weights.h5"), monitor="val_nope",
                                                   mode="min", save_best_only=True, save_weights_only=True)
        _fit(_model(lib, weights), [checkpoint], epochs=2)
        return sorted(os.listdir(folder))

    (ref, ref_warned), (got, got_warned) = _both(keras_ref, kt, run)
    assert ref == ["n.1.weights.h5", "n.2.weights.h5"]
    assert ref_warned == ["Can save best model only with val_nope available."] * 2
    assert (got, got_warned) == (ref, ref_warned)


# ------------------------------------------------------------------------------------------------- CSVLogger
def _without_digits(text):
    return re.sub(r"-?\d+\.\d+(e[-+]?\d+)?", "F", text)


def test_csv_logger_text_and_append(keras_ref, kt, tmp_path):
    """Header, separator, line endings, the `learning_rate` column a callback before it adds, `NA` for the
    validation columns of a run without validation, and no second header when appending."""

    def run(lib, weights):
        path = tmp_path / f"{lib.__name__}.csv"
        model = _model(lib, weights)
        _fit(model, [lib.callbacks.ReduceLROnPlateau(patience=1),
                     lib.callbacks.CSVLogger(str(path), separator=";", append=True)], epochs=2)
        _fit(model, [lib.callbacks.CSVLogger(str(path), separator=";", append=True)], epochs=2, validation=False)
        with open(path, newline="") as f:
            return f.read()

    (ref, _), (got, _) = _both(keras_ref, kt, run)
    assert _without_digits(ref) == ("epoch;learning_rate;loss;mae;val_loss;val_mae\r\n0;F;F;F;F;F\r\n1;F;F;F;F;F\r\n"
                                    "0;F;F;NA;NA\r\n1;F;F;NA;NA\r\n")
    assert _without_digits(got) == _without_digits(ref)
    numbers = [re.findall(r"-?\d+\.\d+(?:e[-+]?\d+)?", text) for text in (ref, got)]
    np.testing.assert_allclose(np.array(numbers[1], dtype=float), np.array(numbers[0], dtype=float), rtol=1e-4)


def test_csv_logger_overwrites_without_append(keras_ref, kt, tmp_path):
    def run(lib, weights):
        path = tmp_path / f"{lib.__name__}.csv"
        model = _model(lib, weights)
        _fit(model, [lib.callbacks.CSVLogger(str(path))], epochs=3, validation=False)
        _fit(model, [lib.callbacks.CSVLogger(str(path))], epochs=1)
        with open(path, newline="") as f:
            return _without_digits(f.read())

    (ref, _), (got, _) = _both(keras_ref, kt, run)
    assert ref == "epoch,loss,mae,val_loss,val_mae\r\n0,F,F,F,F\r\n"
    assert got == ref


# ------------------------------------------------------------------------------------- LearningRateScheduler
@pytest.mark.parametrize("schedule", [
    lambda epoch, lr: 0.1 if epoch == 0 else lr * 0.5,
    lambda epoch: 0.01 * (epoch + 1),  # the Keras 2 signature
], ids=["epoch_and_lr", "epoch_only"])
def test_learning_rate_scheduler_logs_and_messages(keras_ref, kt, capsys, schedule):
    def run(lib, weights):
        seen = []
        model = _model(lib, weights)
        probe = lib.callbacks.LambdaCallback(
            on_epoch_begin=lambda epoch, logs: seen.append(float(model.optimizer.learning_rate)))
        history = _fit(model, [lib.callbacks.LearningRateScheduler(schedule, verbose=1), probe], epochs=3)
        return history.history["learning_rate"], seen, history.history["loss"]

    (ref, ref_out), (got, got_out) = _printed(capsys, keras_ref, kt, run)
    first = "0.1" if ref[1][0] == pytest.approx(0.1) else "0.01"
    assert ref_out.startswith(f"\nEpoch 1: LearningRateScheduler setting learning rate to {first}.\n")
    assert ref_out.count("LearningRateScheduler setting learning rate") == 3
    assert got_out == ref_out
    assert got[:2] == ref[:2]  # float32 learning rates, the same bits
    np.testing.assert_allclose(got[2], ref[2], rtol=1e-4)


# -------------------------------------------------------------------------------------------- TerminateOnNaN
def test_terminate_on_nan_stops_at_the_batch(keras_ref, kt, capsys):
    def run(lib, weights):
        batches = []
        probe = lib.callbacks.LambdaCallback(
            on_train_batch_end=lambda batch, logs: batches.append((batch, sorted(logs), float(logs["loss"]))))
        model = _model(lib, weights, learning_rate=1e3)
        history = _fit(model, [probe, lib.callbacks.TerminateOnNaN()], epochs=5)
        return batches, history.epoch, history.history, model.stop_training

    (ref, ref_out), (got, got_out) = _printed(capsys, keras_ref, kt, run)
    batches, epochs, history, stopped = ref
    assert stopped and epochs == [0, 1] and np.isinf(batches[-1][2]) and batches[-1][0] == 1
    assert not np.isfinite(history["loss"][-1])  # the stopping epoch is still recorded
    assert ref_out == "Batch 1: Invalid loss, terminating training\n" and got_out == ref_out
    assert [b[:2] for b in got[0]] == [b[:2] for b in batches]
    np.testing.assert_allclose([b[2] for b in got[0]], [b[2] for b in batches], rtol=1e-3)
    assert got[1] == epochs and got[3] == stopped and list(got[2]) == list(history)
    for key in history:
        np.testing.assert_allclose(got[2][key], history[key], rtol=1e-3)


def test_terminate_on_nan_raise_error(keras_ref, kt):
    def run(lib, weights):
        model = _model(lib, weights, learning_rate=1e3)
        with pytest.raises(RuntimeError) as error:
            _fit(model, [lib.callbacks.TerminateOnNaN(raise_error=True)], epochs=5)
        return str(error.value)

    (ref, _), (got, _) = _both(keras_ref, kt, run)
    assert ref == "NaN or Inf loss encountered at batch 1. Loss value: inf. Terminating training immediately."
    assert got == ref


# ------------------------------------------------------------------------------ LambdaCallback, hooks, logs
def test_lambda_callback_batch_logs(keras_ref, kt):
    def run(lib, weights):
        seen = []
        probe = lib.callbacks.LambdaCallback(
            on_train_batch_end=lambda batch, logs: seen.append((batch, sorted(logs), float(logs["mae"]))),
            on_train_begin=lambda logs: seen.append(("begin", logs)),
        )
        _fit(_model(lib, weights, metrics=("mae", "mse")), [probe], epochs=2)
        return seen

    (ref, _), (got, _) = _both(keras_ref, kt, run)
    assert ref[0] == ("begin", {}) and ref[1][:2] == (0, ["loss", "mae", "mse"]) and len(ref) == 9
    assert [r[:2] for r in got] == [r[:2] for r in ref]
    np.testing.assert_allclose([r[2] for r in got[1:]], [r[2] for r in ref[1:]], rtol=1e-4)


def _recorder(lib):
    """A callback that records every hook it gets, with its index and the sorted keys of its logs."""

    class Recorder(lib.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.calls = []

    def loop_hook(name):
        def hook(self, logs=None):
            self.calls.append((name, None if logs is None else sorted(logs)))
        return hook

    def indexed_hook(name):
        # `**kwargs`: Keras passes batch logs as a keyword (`logs=`); epoch logs positionally.
        def hook(self, index, *args, **kwargs):
            logs = args[0] if args else kwargs.get("logs")
            self.calls.append((name, index, None if logs is None else sorted(logs)))
        return hook

    for stage in ("train", "test", "predict"):
        setattr(Recorder, f"on_{stage}_begin", loop_hook(f"on_{stage}_begin"))
        setattr(Recorder, f"on_{stage}_end", loop_hook(f"on_{stage}_end"))
        for when in ("begin", "end"):
            setattr(Recorder, f"on_{stage}_batch_{when}", indexed_hook(f"on_{stage}_batch_{when}"))
    for when in ("begin", "end"):
        setattr(Recorder, f"on_epoch_{when}", indexed_hook(f"on_epoch_{when}"))
    return Recorder()


def test_hook_order_and_logs_keys(keras_ref, kt):
    """fit (with validation), evaluate and predict: the same hooks in the same order, every one with a
    `logs` dict (`{}` where there is nothing to log, never None), holding the same keys."""

    def run(lib, weights):
        model = _model(lib, weights, loss="binary_crossentropy", metrics=("binary_accuracy",),
                       activation="sigmoid")
        recorder = _recorder(lib)
        history = _fit(model, [recorder], epochs=2, y=LABELS, validation_split=0.0)
        fit_calls, recorder.calls = recorder.calls, []
        model.evaluate(X[:40], LABELS[:40], batch_size=16, verbose=0, callbacks=[recorder])
        evaluate_calls, recorder.calls = recorder.calls, []
        model.predict(X[:40], batch_size=16, verbose=0, callbacks=[recorder])
        return fit_calls, evaluate_calls, recorder.calls, recorder.params, history.params

    (ref, _), (got, _) = _both(keras_ref, kt, run)
    fit_calls, evaluate_calls, predict_calls, params, fit_params = ref
    assert fit_calls[:3] == [("on_train_begin", []), ("on_epoch_begin", 0, []), ("on_train_batch_begin", 0, [])]
    assert fit_calls[3] == ("on_train_batch_end", 0, ["binary_accuracy", "loss"])
    assert ("on_test_end", ["binary_accuracy", "loss"]) in fit_calls
    assert fit_calls[-2:] == [("on_epoch_end", 1, ["binary_accuracy", "loss", "val_binary_accuracy", "val_loss"]),
                              ("on_train_end", ["binary_accuracy", "loss", "val_binary_accuracy", "val_loss"])]
    assert len(fit_calls) == 2 + 2 * (2 + 2 * 4 + 2 + 2 * 2)
    assert evaluate_calls[0] == ("on_test_begin", []) and len(evaluate_calls) == 2 + 2 * 3
    assert predict_calls[1:3] == [("on_predict_batch_begin", 0, []), ("on_predict_batch_end", 0, ["outputs"])]
    assert predict_calls[-1] == ("on_predict_end", [])
    assert params == {"verbose": 0, "epochs": 1, "steps": 3} and fit_params == {"verbose": 0, "epochs": 2, "steps": 4}
    assert got == ref


def test_batch_hooks_take_logs_as_a_keyword(keras_ref, kt):
    """Keras calls batch hooks as `hook(batch, logs=logs)`: an override that takes `**kwargs` works."""

    def run(lib, weights):
        seen = []

        class KeywordOnly(lib.callbacks.Callback):
            def on_train_batch_end(self, batch, **kwargs):
                seen.append((batch, sorted(kwargs), sorted(kwargs["logs"])))

        _fit(_model(lib, weights), [KeywordOnly()], epochs=1)
        return seen

    (ref, _), (got, _) = _both(keras_ref, kt, run)
    assert ref == [(batch, ["logs"], ["loss", "mae"]) for batch in range(4)]
    assert got == ref


# --------------------------------------------------------------------------------------------------- History
def test_history_attribute_params_and_epochs(keras_ref, kt):
    def run(lib, weights):
        model = _model(lib, weights)
        before = hasattr(model, "history")
        during = []
        probe = lib.callbacks.LambdaCallback(on_train_begin=lambda logs: during.append(model.history))
        first = _fit(model, [probe], epochs=3)
        # A History is the model's from the start of fit, before any epoch: even one that runs none.
        second = _fit(model, [probe], epochs=3, initial_epoch=3)
        after_evaluate = model.evaluate(X, Y, verbose=0) and model.history
        return (before, during[0] is first, during[1] is second, model.history is second,
                after_evaluate is second, first.epoch, first.params, list(first.history),
                len(first.history["loss"]), second.epoch, second.history, second.params,
                lib.callbacks.Callback().params)

    (ref, _), (got, _) = _both(keras_ref, kt, run)
    assert ref == (False, True, True, True, True, [0, 1, 2], {"verbose": 0, "epochs": 3, "steps": 4},
                   ["loss", "mae", "val_loss", "val_mae"], 3, [], {}, {"verbose": 0, "epochs": 3, "steps": 4}, None)
    assert got == ref


# ------------------------------------------------------------------------------------------ BackupAndRestore
class _Interrupt(Exception):
    pass


@pytest.mark.parametrize("save_freq, at_batch", [("epoch", None), (3, 2)], ids=["epoch", "batches"])
def test_backup_and_restore_resumes_after_an_interruption(keras_ref, kt, tmp_path, save_freq, at_batch):
    """Training stopped by an error in epoch 3 resumes, in a fresh model, from the last backup: the epoch
    after the last one backed up (a batch-level backup resumes at the start of its epoch, from its weights),
    then removes the backup."""

    def run(lib, weights):
        folder = tmp_path / lib.__name__ / "backup"

        def interrupt(batch, logs):
            if model.optimizer.iterations == 3 * 4 + (at_batch if at_batch is not None else 3) + 1:
                raise _Interrupt()

        model = _model(lib, weights)
        with pytest.raises(_Interrupt):
            _fit(model, [lib.callbacks.BackupAndRestore(str(folder), save_freq=save_freq),
                         lib.callbacks.LambdaCallback(on_train_batch_end=interrupt)], epochs=6)
        metadata = (folder / "training_metadata.json").read_text()
        resumed = _model(lib, weights)
        begun = []
        probe = lib.callbacks.LambdaCallback(on_epoch_begin=lambda epoch, logs: begun.append(epoch))
        history = _fit(resumed, [probe, lib.callbacks.BackupAndRestore(str(folder), save_freq=save_freq)],
                       epochs=6)
        return (metadata, begun, history.epoch, int(resumed.optimizer.iterations), folder.exists(),
                history.history["loss"], resumed.get_weights())

    (ref, _), (got, _) = _both(keras_ref, kt, run)
    metadata, begun, epochs, iterations, exists, losses, weights = ref
    assert metadata == ('{"epoch": 3, "batch": 0}' if save_freq == "epoch" else '{"epoch": 3, "batch": 2}')
    assert begun == epochs == [3, 4, 5] and not exists
    # The optimizer's step count comes back from the backup: 12 (or 15) steps, then 3 epochs of 4.
    assert iterations == (24 if save_freq == "epoch" else 27)
    assert got[:5] == ref[:5]
    np.testing.assert_allclose(got[5], losses, rtol=1e-4)
    for a, b in zip(got[6], weights, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)
