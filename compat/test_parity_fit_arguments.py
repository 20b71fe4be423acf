"""Parity of the training loop's arguments and return values: the same model, initial weights and data
(no shuffling) in real Keras and kerastorch; histories (keys in Keras's order, epochs, params) within rtol 1e-4,
final weights within atol 1e-5, and `evaluate` / `*_on_batch` / `predict` results in Keras's structure."""

import warnings

import numpy as np
import pytest
import torch

N = 40  # samples: 5 batches of 8


def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(N, 4)).astype("float32")
    y = (x @ rng.normal(size=(4, 1))).astype("float32")
    labels = ((x[:, 0] > 0).astype("int64") + (x[:, 1] > 0).astype("int64"))
    weights = np.linspace(0.5, 2.0, N).astype("float32")
    return x, y, labels, weights


def _sequential(lib, units=1, activation=None):
    return lib.Sequential([lib.Input((4,)), lib.layers.Dense(8, activation="tanh"),
                           lib.layers.Dense(units, activation=activation)])


def _two_outputs(lib, as_dict=False):
    inputs = lib.Input((4,), name="inp")
    hidden = lib.layers.Dense(8, activation="tanh")(inputs)
    out_a = lib.layers.Dense(1, name="out_a")(hidden)
    out_b = lib.layers.Dense(3, activation="softmax", name="out_b")(hidden)
    return lib.Model(inputs, {"out_a": out_a, "out_b": out_b} if as_dict else [out_a, out_b])


def _in_both(keras_ref, kt, build, run):
    """`run(lib, model)` for each library on `build(lib)` with Keras's initial weights."""
    weights = build(keras_ref).get_weights()
    results = []
    for lib in (keras_ref, kt):
        model = build(lib)
        model.set_weights(weights)
        results.append(run(lib, model))
    return results


def _assert_same_history(got, want):
    assert list(got.history) == list(want.history)  # Keras's key order too: CSVLogger columns follow it
    assert got.epoch == want.epoch
    assert got.params == want.params
    for key, values in want.history.items():
        np.testing.assert_allclose(got.history[key], values, rtol=1e-4, atol=1e-6, err_msg=key)


def _assert_same_weights(got, want):
    assert len(got) == len(want)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, atol=1e-5)


def _assert_same_logs(got, want):
    """Same structure (a float, a list in the same order, or a dict with the same keys), same values."""
    if isinstance(want, dict):
        assert list(got) == list(want)
        got, want = list(got.values()), list(want.values())
    if isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want)
    else:
        assert isinstance(got, float) and isinstance(want, float)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def _fit(lib, model, compile_kwargs, y, **fit_kwargs):
    x, _, _, _ = _data()
    model.compile(optimizer=lib.optimizers.SGD(0.05), **compile_kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the "ran out of data" warning of the short epochs
        history = model.fit(x, y, shuffle=False, verbose=0, **fit_kwargs)
    return history, model.get_weights()


# (case, fit arguments); the data arguments are filled in from `_data()`
REGRESSION_CASES = [
    ("validation_split", dict(batch_size=8, epochs=2, validation_split=0.25)),
    ("validation_data_with_sample_weight", dict(batch_size=8, epochs=2, validation_data="xyw")),
    ("sample_weight", dict(batch_size=8, epochs=2, sample_weight="w")),
    ("initial_epoch", dict(batch_size=8, epochs=3, initial_epoch=1)),
    # 5 batches, 3 a step: epoch 1 continues with the last 2 and ends there, epoch 2 starts over
    ("steps_per_epoch_continues", dict(batch_size=8, epochs=3, steps_per_epoch=3)),
    ("steps_per_epoch_more_than_data", dict(batch_size=8, epochs=2, steps_per_epoch=7)),
    ("steps_per_epoch_sets_batch_size", dict(epochs=2, steps_per_epoch=4)),
    ("validation_steps", dict(batch_size=8, epochs=3, validation_data="xy", validation_steps=2)),
    ("validation_steps_sets_batch_size", dict(epochs=2, validation_data="xy", validation_steps=3)),
    ("validation_batch_size", dict(batch_size=8, epochs=2, validation_data="xy", validation_batch_size=7)),
    ("validation_freq_int", dict(batch_size=8, epochs=4, validation_data="xy", validation_freq=2)),
    ("validation_freq_list", dict(batch_size=8, epochs=4, validation_data="xy", validation_freq=[1, 4])),
]


def _fill_data(kwargs):
    x, y, _, w = _data()
    filled = dict(kwargs)
    arrays = {"x": x, "y": y, "w": w}
    if "validation_data" in filled:
        filled["validation_data"] = tuple(arrays[k][:16] for k in filled["validation_data"])
    if "sample_weight" in filled:
        filled["sample_weight"] = w
    return filled


@pytest.mark.parametrize("kwargs", [c[1] for c in REGRESSION_CASES], ids=[c[0] for c in REGRESSION_CASES])
def test_fit_arguments(keras_ref, kt, kwargs):
    _, y, _, _ = _data()
    (ref, ref_weights), (ours, our_weights) = _in_both(
        keras_ref, kt, _sequential,
        lambda lib, model: _fit(lib, model, dict(loss="mse", metrics=["mae"]), y, **_fill_data(kwargs)),
    )
    _assert_same_history(ours, ref)
    _assert_same_weights(our_weights, ref_weights)


def test_validation_steps_on_a_generator_replays_its_first_batches(keras_ref, kt):
    """Each validation restarts the generator's pass, which in Keras replays the two batches it remembered."""
    x, y, _, _ = _data()

    def batches():
        for i in range(1000):
            start = (i % 5) * 8
            yield x[start:start + 8], y[start:start + 8]

    (ref, ref_weights), (ours, our_weights) = _in_both(
        keras_ref, kt, _sequential,
        lambda lib, model: _fit(lib, model, dict(loss="mse"), y, batch_size=8, epochs=3,
                                validation_data=batches(), validation_steps=2),
    )
    _assert_same_history(ours, ref)


@pytest.mark.parametrize("case", ["sparse", "soft_binary", "onehot_missing_class"])
def test_class_weight(keras_ref, kt, case):
    """Soft binary targets are rounded to their class (0.9 is class 1); classes left out of the dict weigh 1."""
    x, _, labels, _ = _data()
    if case == "sparse":
        build, loss, y, class_weight = (lambda lib: _sequential(lib, 3, "softmax"), "sparse_categorical_crossentropy",
                                        labels, {0: 1.0, 1: 0.5, 2: 3.0})
    elif case == "soft_binary":
        hard = (x[:, :1] > 0).astype("float32")
        y = np.clip(hard * 0.8 + 0.1 + 0.35 * (x[:, 2:3] > 1), 0, 1).astype("float32")
        build, loss, class_weight = lambda lib: _sequential(lib, 1, "sigmoid"), "binary_crossentropy", {0: 0.25, 1: 4.0}
    else:
        y = np.eye(3, dtype="float32")[labels]
        build, loss, class_weight = lambda lib: _sequential(lib, 3, "softmax"), "categorical_crossentropy", {0: 0.25, 1: 4.0}
    (ref, ref_weights), (ours, our_weights) = _in_both(
        keras_ref, kt, build,
        lambda lib, model: _fit(lib, model, dict(loss=loss, metrics=["accuracy"], weighted_metrics=["accuracy"]), y,
                                batch_size=8, epochs=2, class_weight=class_weight, validation_split=0.2),
    )
    _assert_same_history(ours, ref)
    _assert_same_weights(our_weights, ref_weights)


def test_class_weight_with_sample_weight_is_refused(keras_ref, kt):
    x, _, labels, w = _data()
    for lib in (keras_ref, kt):
        model = _sequential(lib, 3, "softmax")
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        with pytest.raises(ValueError, match="sample_weight.*at the same time"):
            model.fit(x, labels, sample_weight=w, class_weight={0: 2.0}, verbose=0)
        with pytest.raises(ValueError, match="sample_weight.*at the same time"):
            model.train_on_batch(x[:8], labels[:8], sample_weight=w[:8], class_weight={0: 2.0})


def test_loss_weights_and_weighted_metrics(keras_ref, kt):
    x, y, _, w = _data()
    compile_kwargs = dict(loss="mse", metrics=["mae"], weighted_metrics=["mae", "mse"])
    (ref, ref_weights), (ours, our_weights) = _in_both(
        keras_ref, kt, _sequential,
        lambda lib, model: _fit(lib, model, compile_kwargs, y, batch_size=8, epochs=2, sample_weight=w,
                                validation_data=(x[:8], y[:8], w[:8])),
    )
    assert "weighted_mae" in ref.history and "val_weighted_mae" in ref.history
    _assert_same_history(ours, ref)
    _assert_same_weights(our_weights, ref_weights)


def _evaluations(lib, model, y, w):
    x = _data()[0]
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"], weighted_metrics=["mse"])
    return [
        model.evaluate(x, y, verbose=0),
        model.evaluate(x, y, verbose=0, return_dict=True),
        model.evaluate(x, y, verbose=0, sample_weight=w),
        model.evaluate(x, y, verbose=0, sample_weight=w, return_dict=True),
        model.evaluate(x, y, verbose=0, steps=1),  # one batch of every sample, not 32 of them
        model.evaluate(x, y, verbose=0, batch_size=7, steps=2, return_dict=True),
    ]


def test_evaluate_return_values(keras_ref, kt):
    _, y, _, w = _data()
    ref, ours = _in_both(keras_ref, kt, _sequential, lambda lib, model: _evaluations(lib, model, y, w))
    for got, want in zip(ours, ref):
        _assert_same_logs(got, want)


def test_evaluate_with_loss_only_is_a_float(keras_ref, kt):
    x, y, _, _ = _data()

    def run(lib, model):
        model.compile(optimizer="sgd", loss="mse")
        return model.evaluate(x, y, verbose=0), model.evaluate(x, y, verbose=0, return_dict=True)

    ref, ours = _in_both(keras_ref, kt, _sequential, run)
    for got, want in zip(ours, ref):
        _assert_same_logs(got, want)


# (model outputs as a dict, compile arguments given as a dict)
MULTI_OUTPUT_CASES = [(False, False), (True, True)]


@pytest.mark.parametrize("as_dict", [False, True], ids=["list_outputs", "dict_outputs"])
def test_multi_output_fit_evaluate_predict(keras_ref, kt, as_dict):
    """Per-output history keys (`out_a_loss`, `out_b_accuracy`), loss_weights, per-output metrics, evaluate in
    both forms with and without sample weights, and predict's structure (a list, or a dict by output name)."""
    x, y, labels, w = _data()
    if as_dict:
        targets = {"out_a": y, "out_b": labels}
        compile_kwargs = dict(loss={"out_a": "mse", "out_b": "sparse_categorical_crossentropy"},
                              loss_weights={"out_a": 0.5, "out_b": 2.0},
                              metrics={"out_a": ["mae", "mse"], "out_b": ["accuracy"]},
                              weighted_metrics={"out_b": ["accuracy"]})
    else:
        targets = [y, labels]
        compile_kwargs = dict(loss=["mse", "sparse_categorical_crossentropy"], loss_weights=[0.5, 2.0],
                              metrics=[["mae"], ["accuracy"]])

    def run(lib, model):
        history, weights = _fit(lib, model, compile_kwargs, targets, batch_size=8, epochs=2, validation_split=0.25,
                                sample_weight=w)
        evaluations = [model.evaluate(x, targets, verbose=0), model.evaluate(x, targets, verbose=0, return_dict=True),
                       model.evaluate(x, targets, verbose=0, sample_weight=w, return_dict=True)]
        return history, weights, evaluations, model.predict(x[:5], verbose=0), model.metrics_names

    (ref, ref_weights, ref_evals, ref_pred, ref_names), (ours, our_weights, our_evals, our_pred, our_names) = (
        _in_both(keras_ref, kt, lambda lib: _two_outputs(lib, as_dict), run)
    )
    assert {"out_a_loss", "out_b_loss", "out_a_mae", "out_b_accuracy", "val_out_b_loss"} <= set(ref.history)
    _assert_same_history(ours, ref)
    _assert_same_weights(our_weights, ref_weights)
    for got, want in zip(our_evals, ref_evals):
        _assert_same_logs(got, want)
    assert our_names == ref_names
    assert type(our_pred) is type(ref_pred)
    if as_dict:
        assert list(our_pred) == list(ref_pred)
        ref_pred, our_pred = list(ref_pred.values()), list(our_pred.values())
    for got, want in zip(our_pred, ref_pred):
        assert isinstance(got, np.ndarray) and got.shape == want.shape
        np.testing.assert_allclose(got, want, atol=1e-5)


def _on_batch_calls(lib, model, targets, labels_only=False):
    x, _, _, w = _data()
    sample = lambda t: {k: v[:8] for k, v in t.items()} if isinstance(t, dict) else (
        [v[:8] for v in t] if isinstance(t, list) else t[:8])
    results = [
        model.train_on_batch(x[:8], sample(targets)),
        model.train_on_batch(x[8:16], sample(targets), return_dict=True),
        model.train_on_batch(x[:8], sample(targets), sample_weight=w[:8]),
        model.test_on_batch(x[:8], sample(targets)),
        model.test_on_batch(x[:8], sample(targets), sample_weight=w[:8], return_dict=True),
    ]
    return results, model.predict_on_batch(x[:3]), model.get_weights()


@pytest.mark.parametrize("model_kind", ["sequential", "dict_outputs"])
def test_on_batch_methods(keras_ref, kt, model_kind):
    """Each call reports its own batch (metrics reset first); return_dict gives the dict, else the list (a float
    with the loss alone); predict_on_batch gives NumPy in the outputs' structure."""
    _, y, labels, _ = _data()
    if model_kind == "sequential":
        build, targets = _sequential, y
        compile_kwargs = dict(loss="mse", metrics=["mae"])
    else:
        build, targets = (lambda lib: _two_outputs(lib, as_dict=True)), {"out_a": y, "out_b": labels}
        compile_kwargs = dict(loss={"out_a": "mse", "out_b": "sparse_categorical_crossentropy"},
                              metrics={"out_b": ["accuracy"]})

    def run(lib, model):
        model.compile(optimizer=lib.optimizers.SGD(0.05), **compile_kwargs)
        return _on_batch_calls(lib, model, targets)

    (ref, ref_pred, ref_weights), (ours, our_pred, our_weights) = _in_both(keras_ref, kt, build, run)
    for got, want in zip(ours, ref):
        _assert_same_logs(got, want)
    assert type(our_pred) is type(ref_pred)
    if isinstance(ref_pred, dict):
        assert list(our_pred) == list(ref_pred)
        ref_pred, our_pred = list(ref_pred.values()), list(our_pred.values())
    else:
        ref_pred, our_pred = [ref_pred], [our_pred]
    for got, want in zip(our_pred, ref_pred):
        assert isinstance(got, np.ndarray) and got.dtype == want.dtype
        np.testing.assert_allclose(got, want, atol=1e-6)
    _assert_same_weights(our_weights, ref_weights)


def test_train_on_batch_with_loss_only_returns_a_float(keras_ref, kt):
    x, y, _, _ = _data()

    def run(lib, model):
        model.compile(optimizer=lib.optimizers.SGD(0.05), loss="mse")
        return [model.train_on_batch(x[:8], y[:8]), model.test_on_batch(x[:8], y[:8]),
                model.train_on_batch(x[:8], y[:8], return_dict=True)]

    ref, ours = _in_both(keras_ref, kt, _sequential, run)
    for got, want in zip(ours, ref):
        _assert_same_logs(got, want)


def _guide_model(lib):
    """The "Customizing what happens in fit()" guide's first model, torch backend: `compute_loss` with the
    compiled loss, then every entry of `self.metrics` updated by hand (the compiled metrics as one object whose
    result is a dict)."""

    class CustomModel(lib.Model):
        def train_step(self, data):
            x, y = data
            self.zero_grad()
            y_pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=y_pred)
            loss.backward()
            trainable_weights = [v for v in self.trainable_weights]
            gradients = [v.value.grad for v in trainable_weights]
            with torch.no_grad():
                self.optimizer.apply(gradients, trainable_weights)
            for metric in self.metrics:
                if metric.name == "loss":
                    metric.update_state(loss)
                else:
                    metric.update_state(y, y_pred)
            return {m.name: m.result() for m in self.metrics}

    inputs = lib.Input((4,))
    return CustomModel(inputs, lib.layers.Dense(1)(lib.layers.Dense(8, activation="tanh")(inputs)))


def _guide_model_with_own_metrics(lib):
    """The guide's lower-level model: its own loss function and metric objects, `metrics` overridden, a custom
    `test_step`, and `compile` without a loss."""

    class CustomModel(lib.Model):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.loss_tracker = lib.metrics.Mean(name="loss")
            self.mae_metric = lib.metrics.MeanAbsoluteError(name="mae")
            self.loss_fn = lib.losses.MeanSquaredError()

        def train_step(self, data):
            x, y = data
            self.zero_grad()
            y_pred = self(x, training=True)
            loss = self.loss_fn(y, y_pred)
            loss.backward()
            trainable_weights = [v for v in self.trainable_weights]
            with torch.no_grad():
                self.optimizer.apply([v.value.grad for v in trainable_weights], trainable_weights)
            self.loss_tracker.update_state(loss)
            self.mae_metric.update_state(y, y_pred)
            return {"loss": self.loss_tracker.result(), "mae": self.mae_metric.result()}

        def test_step(self, data):
            x, y = data
            y_pred = self(x, training=False)
            self.loss_tracker.update_state(self.loss_fn(y, y_pred))
            self.mae_metric.update_state(y, y_pred)
            return {m.name: m.result() for m in self.metrics}

        @property
        def metrics(self):
            return [self.loss_tracker, self.mae_metric]

    inputs = lib.Input((4,))
    return CustomModel(inputs, lib.layers.Dense(1)(lib.layers.Dense(8, activation="tanh")(inputs)))


@pytest.mark.parametrize("build, compile_kwargs", [
    (_guide_model, dict(loss="mse", metrics=["mae"])),
    (_guide_model_with_own_metrics, dict()),
], ids=["compute_loss_and_self_metrics", "own_metrics_and_test_step"])
def test_custom_train_step(keras_ref, kt, build, compile_kwargs):
    """Histories have flat keys (`mae`, never a `compile_metrics` dict) in Keras's order, and each batch's
    logs reach the callbacks flat as well."""
    x, y, _, _ = _data()

    def run(lib, model):
        first_batch_logs = []
        probe = lib.callbacks.LambdaCallback(
            on_train_batch_end=lambda batch, logs: first_batch_logs.append(
                {k: float(v) for k, v in logs.items()}) if batch == 0 else None)
        history, weights = _fit(lib, model, compile_kwargs, y, batch_size=8, epochs=2,
                                validation_data=(x[:8], y[:8]), callbacks=[probe])
        return history, weights, first_batch_logs, model.evaluate(x, y, verbose=0, return_dict=True)

    (ref, ref_weights, ref_batch, ref_eval), (ours, our_weights, our_batch, our_eval) = _in_both(
        keras_ref, kt, build, run)
    assert set(ref.history) == {"loss", "mae", "val_loss", "val_mae"}
    _assert_same_history(ours, ref)
    _assert_same_weights(our_weights, ref_weights)
    assert [list(logs) for logs in our_batch] == [list(logs) for logs in ref_batch]
    for got, want in zip(our_batch, ref_batch):
        np.testing.assert_allclose(list(got.values()), list(want.values()), rtol=1e-5)
    _assert_same_logs(our_eval, ref_eval)


@pytest.mark.parametrize("hook", ["on_epoch_end", "on_train_batch_end"])
def test_stop_training_from_a_callback(keras_ref, kt, hook):
    """Set at an epoch's end, training stops after that epoch (its validation ran); set after a batch, the epoch
    ends there and is still validated and recorded."""
    x, y, _, _ = _data()

    def run(lib, model):
        class Stop(lib.callbacks.Callback):
            def on_epoch_end(self, epoch, logs=None):
                if hook == "on_epoch_end" and epoch == 1:
                    self.model.stop_training = True

            def on_train_batch_end(self, batch, logs=None):
                if hook == "on_train_batch_end" and batch == 2:
                    self.model.stop_training = True

        history, weights = _fit(lib, model, dict(loss="mse", metrics=["mae"]), y, batch_size=8, epochs=5,
                                validation_data=(x[:16], y[:16]), callbacks=[Stop()])
        return history, weights, model.stop_training

    (ref, ref_weights, ref_flag), (ours, our_weights, our_flag) = _in_both(keras_ref, kt, _sequential, run)
    assert ref.epoch == ([0, 1] if hook == "on_epoch_end" else [0])
    _assert_same_history(ours, ref)
    _assert_same_weights(our_weights, ref_weights)
    assert our_flag is ref_flag is True
