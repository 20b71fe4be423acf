"""What `fit` / `evaluate` / `predict` print: the same models (constant initial weights, no shuffling) run in real
Keras and kerastorch, and the text each writes to stdout must agree.

Keras redraws its bar at most every 0.05 s, so how many redraws a run prints depends on the machine's speed. The
progress bars of both libraries therefore read a fake clock here: a ticking one (every `time.time()` call one
second later, so every step is drawn and the timings are deterministic: the text is compared byte for byte) or a
frozen one (only the first and the final draw are due). Runs on the real clock compare the text after masking the
timings (`2s`, `12ms/step`, ETAs).

Keras's `CallbackList` may run batch hooks on a thread pool (its async dispatch), which can draw step 3 before
step 2; that race is switched off on the reference side, so both libraries draw the steps in order.
"""

import contextlib
import io
import logging
import re
import sys

import numpy as np
import pytest


class _Clock:
    """Stands in for the `time` module inside both progbar modules."""

    def __init__(self):
        self.step = 1.0
        self.now = 1000.0

    def time(self):
        self.now += self.step
        return self.now


@pytest.fixture
def clock(monkeypatch, keras_ref, kt):
    import keras.src.callbacks.callback_list as ref_callback_list
    import keras.src.utils.progbar as ref_progbar

    import kerastorch.utils.progbar as kt_progbar

    fake = _Clock()
    monkeypatch.setattr(ref_progbar, "time", fake)
    monkeypatch.setattr(kt_progbar, "time", fake)
    monkeypatch.setattr(ref_callback_list.CallbackList, "_configure_async_dispatch", lambda self, callbacks: None)
    return fake


def _static_display(monkeypatch, keras_ref, kt):
    """Forces the non-interactive bar (one line per draw, as on a Windows pipe) in both libraries."""
    for progbar_class in (keras_ref.utils.Progbar, kt.utils.Progbar):
        init = progbar_class.__init__

        def static_init(self, *args, _init=init, **kwargs):
            _init(self, *args, **kwargs)
            self._dynamic_display = False

        monkeypatch.setattr(progbar_class, "__init__", static_init)


def _stdout(clock, lib, script, step=1.0, stream=None):
    """What `script(lib)` writes to stdout, the clock restarted so both libraries read the same times."""
    clock.step, clock.now = step, 1000.0
    stream = stream if stream is not None else io.StringIO()
    with contextlib.redirect_stdout(stream):
        script(lib)
    if isinstance(stream, io.TextIOWrapper):
        stream.flush()
        return stream.buffer.getvalue().decode(stream.encoding)
    return stream.getvalue()


def _mask(text):
    text = re.sub(r"\d+(s|ms|us)/(step|sample)", "T/step", text)
    text = re.sub(r"\x1b\[1m[\d:]+s?\x1b\[0m", "\x1b[1mETA\x1b[0m", text)
    return re.sub(r" - \d+s - ", " - Ts - ", text)


def _assert_same(clock, keras_ref, kt, script, step=1.0, mask=False):
    ref, got = _stdout(clock, keras_ref, script, step), _stdout(clock, kt, script, step)
    if mask:
        ref, got = _mask(ref), _mask(got)
    assert got == ref
    return got


_X = np.arange(40, dtype="float32").reshape(20, 2) / 40
_Y = (_X.sum(1, keepdims=True) > 0.5).astype("float32")


def _model(lib, metrics=None):
    model = lib.Sequential([lib.Input((2,)), lib.layers.Dense(1, kernel_initializer="ones", activation="sigmoid")])
    model.compile(optimizer=lib.optimizers.SGD(0.1), loss="binary_crossentropy", metrics=metrics)
    return model


def _batches(count=4, forever=False):
    while True:
        for i in range(count):
            yield _X[i * 5:(i + 1) * 5], _Y[i * 5:(i + 1) * 5]
        if not forever:
            return


def _two_outputs(lib):
    inputs = lib.Input((2,))
    a = lib.layers.Dense(1, kernel_initializer="ones", name="out_a")(inputs)
    b = lib.layers.Dense(1, kernel_initializer="ones", activation="sigmoid", name="out_b")(inputs)
    model = lib.Model(inputs, [a, b])
    model.compile(optimizer=lib.optimizers.SGD(0.01), loss=["mse", "binary_crossentropy"],
                  metrics=[["mae"], ["accuracy"]])
    return model


@pytest.mark.parametrize("verbose", [1, 2, "auto"])
@pytest.mark.parametrize("validation", [False, True], ids=["no_val", "val"])
@pytest.mark.parametrize("epochs", [1, 3])
def test_fit_prints_the_same(clock, keras_ref, kt, verbose, validation, epochs):
    def fit(lib):
        _model(lib, ["accuracy"]).fit(_X, _Y, batch_size=5, epochs=epochs, verbose=verbose, shuffle=False,
                                      validation_data=(_X, _Y) if validation else None)

    got = _assert_same(clock, keras_ref, kt, fit)
    assert ("Epoch 1/3\n" in got) == (epochs == 3)
    assert ("val_accuracy: " in got) == validation


def test_fit_bar_text(clock, keras_ref, kt):
    """The bar itself, spelled out: counter, 20 cells of `━` (green done, grey to do), ETA, time per step, the
    metrics sorted by name with 4 decimals, backspaces over the previous draw, and the final draw on its line."""
    got = _assert_same(clock, keras_ref, kt, lambda lib: _model(lib, ["accuracy"]).fit(
        _X, _Y, batch_size=5, verbose=1, shuffle=False, validation_data=(_X, _Y)))
    draws = got.split("\r")
    assert draws[0] == ""
    bar = "\x1b[32m" + "━" * 5 + "\x1b[0m\x1b[37m" + "━" * 15 + "\x1b[0m"
    assert draws[1].startswith(f"\x1b[1m1/4\x1b[0m {bar} \x1b[1m3s\x1b[0m 1s/step"
                               " - accuracy: 0.0000e+00 - loss: 0.8144")
    assert draws[1].endswith("\b" * 73)
    full = "\x1b[32m" + "━" * 20 + "\x1b[0m\x1b[37m\x1b[0m"
    assert draws[-1].startswith(f"\x1b[1m4/4\x1b[0m {full} \x1b[1m5s\x1b[0m 1s/step")
    assert draws[-1].endswith(" - accuracy: 0.7500 - loss: 0.4136 - val_accuracy: 0.7500 - val_loss: 0.4035\n")


def test_fit_verbose_2_is_one_line_per_epoch(clock, keras_ref, kt):
    got = _assert_same(clock, keras_ref, kt, lambda lib: _model(lib, ["accuracy"]).fit(
        _X, _Y, batch_size=5, epochs=2, verbose=2, shuffle=False, validation_data=(_X, _Y)))
    assert got == ("Epoch 1/2\n4/4 - 1s - 250ms/step - accuracy: 0.7500 - loss: 0.4136 - val_accuracy: 0.7500"
                   " - val_loss: 0.4035\nEpoch 2/2\n4/4 - 1s - 250ms/step - accuracy: 0.7500 - loss: 0.4083"
                   " - val_accuracy: 0.7500 - val_loss: 0.3987\n")


def test_verbose_0_prints_nothing(clock, keras_ref, kt):
    def run(lib):
        model = _model(lib, ["accuracy"])
        model.fit(_X, _Y, batch_size=5, epochs=2, verbose=0, validation_data=(_X, _Y))
        model.evaluate(_X, _Y, verbose=0)
        model.predict(_X, verbose=0)

    assert _assert_same(clock, keras_ref, kt, run) == ""


@pytest.mark.parametrize("verbose", [1, 2])
def test_initial_epoch_numbers_the_epochs(clock, keras_ref, kt, verbose):
    got = _assert_same(clock, keras_ref, kt, lambda lib: _model(lib).fit(
        _X, _Y, batch_size=5, epochs=5, initial_epoch=2, verbose=verbose, shuffle=False))
    assert re.findall(r"Epoch \d/\d", got) == ["Epoch 3/5", "Epoch 4/5", "Epoch 5/5"]


@pytest.mark.parametrize("verbose", [1, 2])
def test_evaluate_and_predict_print_the_same(clock, keras_ref, kt, verbose):
    def run(lib):
        model = _model(lib, ["accuracy"])
        model.evaluate(_X, _Y, batch_size=5, verbose=verbose)
        model.predict(_X, batch_size=5, verbose=verbose)

    got = _assert_same(clock, keras_ref, kt, run)
    # verbose=1: the last step and the final draw of each bar; verbose=2: the final line only.
    assert got.count("4/4") == (2 if verbose == 2 else 4)


def test_steps_per_epoch_with_an_endless_generator(clock, keras_ref, kt):
    def run(lib):
        model = _model(lib, ["accuracy"])
        model.fit(_batches(forever=True), epochs=2, steps_per_epoch=3, verbose=1)
        model.fit(_batches(forever=True), epochs=2, steps_per_epoch=3, verbose=2)
        model.evaluate(_batches(forever=True), steps=2, verbose=1)
        model.fit(_X, _Y, batch_size=2, epochs=2, steps_per_epoch=3, verbose=1, shuffle=False)

    got = _assert_same(clock, keras_ref, kt, run)
    assert "3/3 - " in got and "2/2\x1b[0m" in got


def test_unknown_number_of_steps(clock, keras_ref, kt):
    """A finite generator: `N/Unknown` while the first epoch runs, then the counted total."""
    def run(lib):
        model = _model(lib, ["accuracy"])
        model.fit(_batches(), epochs=1, verbose=1)
        model.evaluate(_batches(), verbose=1)
        model.predict(((x,) for x, _ in _batches()), verbose=1)
        model.fit(_batches(), epochs=1, verbose=2)

    got = _assert_same(clock, keras_ref, kt, run)
    assert "\r      1/Unknown \x1b[1m1s\x1b[0m 1s/step - accuracy: 0.0000e+00" in got
    assert got.endswith("\n4/4 - 1s - 250ms/step - accuracy: 0.7500 - loss: 0.4083\n")


def test_several_outputs_and_metrics(clock, keras_ref, kt):
    def run(lib):
        model = _two_outputs(lib)
        model.fit(_X, [_Y, _Y], batch_size=5, epochs=2, verbose=1, shuffle=False, validation_data=(_X, [_Y, _Y]))
        model.fit(_X, [_Y, _Y], batch_size=5, verbose=2, shuffle=False)
        model.evaluate(_X, [_Y, _Y], batch_size=5, verbose=1)

    got = _assert_same(clock, keras_ref, kt, run)
    # Sorted by name on every draw, not in the model's metric order (loss, out_a_mae, out_b_accuracy, ...).
    assert "- loss: 0.8851 - out_a_loss: 0.0706 - out_a_mae: 0.2250 - out_b_accuracy: 0.0000e+00 -" in got


def test_metrics_listed_by_name(clock, keras_ref, kt):
    got = _assert_same(clock, keras_ref, kt, lambda lib: _model(lib, ["mse", "accuracy"]).fit(
        _X, _Y, batch_size=10, verbose=1, shuffle=False))
    first_draw = got.split("\r")[1]
    assert [m for m in re.findall(r" - (\w+): ", first_draw)] == ["accuracy", "loss", "mse"]


def test_entries_added_by_callbacks_come_last(clock, keras_ref, kt):
    """ReduceLROnPlateau puts `learning_rate` in the epoch's logs after they were sorted: Keras shows it last."""
    def run(lib):
        reduce = lib.callbacks.ReduceLROnPlateau(monitor="loss", patience=0, factor=0.5, min_delta=10)
        _model(lib, ["accuracy"]).fit(_X, _Y, batch_size=5, epochs=2, verbose=1, shuffle=False,
                                      validation_data=(_X, _Y), callbacks=[reduce])

    got = _assert_same(clock, keras_ref, kt, run)
    assert len(re.findall(r" - val_loss: \d\.\d{4} - learning_rate: 0\.1000\n", got)) == 2


def test_frozen_clock_draws_only_the_first_and_last_step(clock, keras_ref, kt):
    """With steps quicker than the refresh interval only the first and the final draw are printed."""
    got = _assert_same(clock, keras_ref, kt, lambda lib: _model(lib, ["accuracy"]).fit(
        _X, _Y, batch_size=2, epochs=2, verbose=1, shuffle=False, validation_data=(_X, _Y)), step=0.0)
    assert got.count("\r") == 4 and "\x1b[1m 1/10\x1b[0m" in got and "\x1b[1m 2/10\x1b[0m" not in got


def test_non_interactive_display(clock, keras_ref, kt, monkeypatch):
    """Without `\\r`/`\\b` redrawing, each draw starts a new line."""
    _static_display(monkeypatch, keras_ref, kt)

    def run(lib):
        model = _model(lib, ["accuracy"])
        model.fit(_X, _Y, batch_size=5, epochs=2, verbose=1, shuffle=False, validation_data=(_X, _Y))
        model.evaluate(_X, _Y, batch_size=5, verbose=1)
        model.fit(_batches(), epochs=1, verbose=1)

    got = _assert_same(clock, keras_ref, kt, run)
    assert "\r" not in got and "\b" not in got and "Epoch 1/2\n\n\x1b[1m1/4" in got


def test_real_clock_after_masking_timings(keras_ref, kt, monkeypatch):
    """On the real clock how often the bar is redrawn varies, but not the epoch lines and each bar's final draw."""
    import keras.src.callbacks.callback_list as ref_callback_list

    monkeypatch.setattr(ref_callback_list.CallbackList, "_configure_async_dispatch", lambda self, callbacks: None)
    _static_display(monkeypatch, keras_ref, kt)

    def stable_lines(lib):
        stream = io.StringIO()
        with contextlib.redirect_stdout(stream):
            model = _model(lib, ["accuracy"])
            model.fit(_X, _Y, batch_size=5, epochs=2, verbose=1, shuffle=False, validation_data=(_X, _Y))
            model.fit(_X, _Y, batch_size=5, epochs=2, verbose=2, shuffle=False)
            model.evaluate(_X, _Y, batch_size=5)
        lines = [line.rstrip() for line in _mask(stream.getvalue()).split("\n") if line]
        return [line for line in lines[:-1] if line.startswith(("Epoch", "4/4 - ")) or "val_loss" in line] + lines[-1:]

    ref, got = stable_lines(keras_ref), stable_lines(kt)
    assert got == ref and len(got) == 9
    assert got[-1] == ("\x1b[1m4/4\x1b[0m \x1b[32m" + "━" * 20 + "\x1b[0m\x1b[37m\x1b[0m \x1b[1mETA\x1b[0m T/step"
                       " - accuracy: 0.7500 - loss: 0.3906")


_VALUES = [0.0, 1e-3, 1.0001e-3, 9.99e-4, -1e-3, -0.5, 1e-4, -2.5e-5, 1.23456789, 12345.6789, 1.5e10, -3e12,
           float("nan"), float("inf"), -float("inf"), 7, np.float32(0.25), np.array([1.0, 2.0]), np.int64(3)]


@pytest.mark.parametrize("verbose", [1, 2])
@pytest.mark.parametrize("stateful", [False, True], ids=["averaged", "as_given"])
def test_number_formatting(clock, keras_ref, kt, verbose, stateful):
    """`%.4f` when |value| > 1e-3 (verbose=2: when value > 1e-3, so negatives go to `%.4e`), else `%.4e`."""
    def run(lib):
        for value in _VALUES:
            bar = lib.utils.Progbar(3, verbose=verbose, stateful_metrics=["m"] if stateful else None)
            for step in (1, 2, 3):
                bar.update(step, [("m", value)])

    got = _assert_same(clock, keras_ref, kt, run)
    expected = ["0.0000e+00", "1.0000e-03", "0.0010", "9.9900e-04", "-1.0000e-03",
                "-0.5000" if verbose == 1 else "-5.0000e-01", "1.0000e-04", "-2.5000e-05", "1.2346", "12345.6789",
                "15000000000.0000", "-3000000000000.0000" if verbose == 1 else "-3.0000e+12", "nan", "inf", "-inf",
                "7.0000", "0.2500", "1.5000", "3.0000"]
    finals = re.findall(r"m: (\S+)\n", got)
    assert finals == expected


def test_progbar_counters_widths_and_units(clock, keras_ref, kt):
    def run(lib):
        bar = lib.utils.Progbar(None)
        for step in (1, 2, 3):
            bar.update(step, [("a", step), ("b", 1.0 / step)])
        bar.update(3, finalize=True)
        bar = lib.utils.Progbar(12, width=7, unit_name="sample")
        for _ in range(12):
            bar.add(1, [("a", 1.0)])
        bar = lib.utils.Progbar(1000, verbose=2)
        for step in (1, 5, 999, 1000):
            bar.update(step, [("loss", 1.0 / step)])
        bar = lib.utils.Progbar(0)
        bar.update(0, [("a", 1.0)])
        bar.update(0, finalize=True)

    got = _assert_same(clock, keras_ref, kt, run)
    assert "      3/Unknown" in got and "\x1b[1m 5/12\x1b[0m \x1b[32m━━\x1b[0m\x1b[37m━━━━━\x1b[0m" in got
    # verbose=2 shows the value given with the final step, not the average.
    assert "1s/sample" in got and "1000/1000 - 4s - 3ms/step - loss: 1.0000e-03\n" in got


@pytest.mark.parametrize("step", [0.0004, 0.02, 0.7, 30.0, 5000.0], ids=["us", "ms", "s", "minutes", "hours"])
def test_timings_and_eta(clock, keras_ref, kt, step):
    def run(lib):
        bar = lib.utils.Progbar(200, interval=0)
        for current in (1, 2, 50, 199, 200):
            bar.update(current, [("loss", 0.5)])
        _model(lib).fit(_X, _Y, batch_size=5, epochs=2, verbose=2, shuffle=False)

    got = _assert_same(clock, keras_ref, kt, run, step=step)
    unit = {0.0004: "us/step", 0.02: "ms/step", 0.7: "ms/step", 30.0: "s/step", 5000.0: "s/step"}[step]
    assert unit in got
    if step == 5000.0:
        assert "\x1b[1m8:30:12\x1b[0m" in got and "\x1b[1m1:15\x1b[0m" in got


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_stdout_that_cannot_encode_the_bar(clock, keras_ref, kt, encoding):
    """Keras falls back to Keras 2's `=` bar instead of failing on a console that has no `━`."""
    def run(lib):
        _model(lib, ["accuracy"]).fit(_X, _Y, batch_size=5, epochs=2, verbose=1, shuffle=False)

    def ascii_stream():
        return io.TextIOWrapper(io.BytesIO(), encoding=encoding)

    ref = _stdout(clock, keras_ref, run, stream=ascii_stream())
    got = _stdout(clock, kt, run, stream=ascii_stream())
    assert got == ref
    assert "\x1b[32m=====\x1b[0m\x1b[37m===============\x1b[0m" in got and "━" not in got


def test_no_stdout_when_interactive_logging_is_off(clock, keras_ref, kt, caplog):
    """Keras then sends the bar to its logger (absl's; kerastorch's `"kerastorch"` logger) instead of stdout."""
    def run(lib):
        lib.config.disable_interactive_logging()
        try:
            model = _model(lib, ["accuracy"])
            model.fit(_X, _Y, batch_size=5, epochs=2, verbose=1, shuffle=False)
            model.evaluate(_X, _Y, verbose=1)
        finally:
            lib.config.enable_interactive_logging()

    with caplog.at_level(logging.INFO, logger="kerastorch"):
        assert _assert_same(clock, keras_ref, kt, run) == ""
    messages = [record.getMessage() for record in caplog.records if record.name == "kerastorch"]
    assert "Epoch 2/2\n" in messages
    assert any("\r\x1b[1m4/4" in message and "accuracy: 0.7500" in message for message in messages)


class _DeviceScalar:
    """A device value stand-in that counts host reads (`.item()`), each a device sync on a GPU."""

    reads = 0

    def __init__(self, value):
        self.value = value

    def detach(self):
        return self

    def numel(self):
        return 1

    def item(self):
        _DeviceScalar.reads += 1
        return self.value


def test_logger_reads_values_only_when_it_draws(clock, kt):
    """The bar is drawn at an interval: metric values stay on the device between draws."""
    logger = kt.callbacks.ProgbarLogger()
    logger.set_params({"verbose": 1, "epochs": 1, "steps": 100})
    _DeviceScalar.reads = 0
    clock.step, clock.now = 0.0, 1000.0
    with contextlib.redirect_stdout(io.StringIO()) as out:
        logger.on_train_begin()
        logger.on_epoch_begin(0)
        for batch in range(100):
            logger.on_train_batch_end(batch, {"loss": _DeviceScalar(0.5), "accuracy": _DeviceScalar(0.25)})
        logger.on_epoch_end(0, {"accuracy": 0.25, "loss": 0.5})
    assert _DeviceScalar.reads == 2  # the first draw's two values; the final draw gets the epoch's floats
    assert out.getvalue().endswith(" - accuracy: 0.2500 - loss: 0.5000\n")


def test_device_tensors_print_like_floats(clock, keras_ref, kt):
    import torch

    def run(lib, wrap):
        bar = lib.utils.Progbar(3, stateful_metrics=["acc"])
        for step in (1, 2, 3):
            bar.update(step, [("loss", wrap(0.125 * step)), ("acc", wrap(1e-4 * step))])

    ref = _stdout(clock, keras_ref, lambda lib: run(lib, float))
    got = _stdout(clock, kt, lambda lib: run(lib, torch.tensor))
    assert got == ref and got.endswith(" - loss: 0.3750 - acc: 3.0000e-04\n")
