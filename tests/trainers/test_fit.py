"""compile / fit / evaluate / predict: Keras's semantics checked against hand computations."""

import io
import contextlib

import numpy as np
import pytest
import torch

import kerastorch as keras


def _data(n=96, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("int64")
    return x, y


def _model(units=3):
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                             keras.layers.Dense(units, activation="softmax")])


def test_fit_learns_and_history_has_keras_keys():
    x, y = _data(256)
    model = _model(2)
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=8, batch_size=32, verbose=0, validation_split=0.25)
    assert sorted(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert history.epoch == list(range(8))
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert history.history["accuracy"][-1] > 0.85
    assert all(isinstance(v, float) for v in history.history["loss"])


def test_epoch_loss_is_batch_size_weighted_mean_of_pre_update_losses():
    x, y = _data(80)
    model = _model(2)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
    reference = _model(2)
    reference.set_weights(model.get_weights())
    history = model.fit(x, y, epochs=1, batch_size=32, shuffle=False, verbose=0)
    # Replay by hand: each batch's loss is measured before that batch's update.
    losses, sizes = [], []
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    for start in range(0, 80, 32):
        xb, yb = torch.as_tensor(x[start:start + 32]), torch.as_tensor(y[start:start + 32])
        loss = loss_fn(yb, reference(xb))
        losses.append(loss.item())
        sizes.append(len(xb))
        reference.zero_grad()
        loss.backward()
        with torch.no_grad():
            for p in reference.parameters():
                p -= 0.1 * p.grad
    expected = np.average(losses, weights=sizes)
    assert history.history["loss"][0] == pytest.approx(expected, rel=1e-5)
    for got, want in zip(model.get_weights(), reference.get_weights()):
        np.testing.assert_allclose(got, want, atol=1e-6)


def test_validation_split_takes_the_last_fraction_before_shuffling():
    x, y = _data(100)
    model = _model(2)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    history = model.fit(x, y, epochs=1, validation_split=0.2, verbose=0)
    expected = model.evaluate(x[80:], y[80:], verbose=0)
    assert history.history["val_loss"][0] == pytest.approx(expected, rel=1e-6)


def test_evaluate_return_forms_and_predict_numpy():
    x, y = _data(50)
    model = _model(2)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    loss, accuracy = model.evaluate(x, y, verbose=0)
    as_dict = model.evaluate(x, y, verbose=0, return_dict=True)
    assert as_dict == {"accuracy": pytest.approx(accuracy), "loss": pytest.approx(loss)}
    probabilities = model.predict(x, batch_size=16, verbose=0)
    assert isinstance(probabilities, np.ndarray) and probabilities.shape == (50, 2)
    expected_accuracy = np.mean(probabilities.argmax(1) == y)
    assert accuracy == pytest.approx(expected_accuracy)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    assert isinstance(model.evaluate(x, y, verbose=0), float)


def test_multi_output_names_and_weights():
    keras.utils.set_random_seed(0)
    x, y = _data(64)
    inputs = keras.Input((4,))
    hidden = keras.layers.Dense(8, activation="relu")(inputs)
    cls = keras.layers.Dense(2, activation="softmax", name="cls")(hidden)
    reg = keras.layers.Dense(1, name="reg")(hidden)
    model = keras.Model(inputs, [cls, reg])
    model.compile(optimizer="adam", loss=["sparse_categorical_crossentropy", "mse"], loss_weights=[1.0, 0.5],
                  metrics=[["accuracy"], ["mae"]])
    target = x.sum(1, keepdims=True)
    history = model.fit(x, [y, target], epochs=1, verbose=0)
    assert sorted(history.history) == ["cls_accuracy", "cls_loss", "loss", "reg_loss", "reg_mae"]
    results = model.evaluate(x, {"cls": y, "reg": target}, verbose=0, return_dict=True)
    assert results["loss"] == pytest.approx(results["cls_loss"] + 0.5 * results["reg_loss"], rel=1e-5)
    loss, cls_loss, reg_loss, accuracy, mae = model.evaluate(x, [y, target], verbose=0)
    assert (loss, cls_loss) == (pytest.approx(results["loss"]), pytest.approx(results["cls_loss"]))


def test_sample_weight_and_class_weight():
    x, y = _data(64)
    model = _model(2)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    plain = model.evaluate(x, y, verbose=0)
    zero_for_class_1 = (y == 0).astype("float32")
    weighted = model.evaluate(x, y, sample_weight=zero_for_class_1, verbose=0, batch_size=64)
    probabilities = model.predict(x, verbose=0)
    per_sample = -np.log(probabilities[np.arange(64), y])
    assert weighted == pytest.approx((per_sample * zero_for_class_1).sum() / 64, rel=1e-5)
    assert plain == pytest.approx(per_sample.mean(), rel=1e-5)
    history = model.fit(x, y, class_weight={0: 1.0, 1: 0.0}, epochs=1, batch_size=64, verbose=0, shuffle=False)
    assert history.history["loss"][0] == pytest.approx(weighted, rel=1e-5)


def test_fit_before_compile_and_bad_data_errors():
    x, y = _data(20)
    model = _model(2)
    with pytest.raises(ValueError, match="must call `compile\\(\\)`"):
        model.fit(x, y)
    model.compile(optimizer="adam")
    with pytest.raises(ValueError, match="No loss to compute"):
        model.fit(x, y, verbose=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match="'x' sizes: 20\n'y' sizes: 10"):
        model.fit(x, y[:10], verbose=0)


def test_progress_output_formats():
    x, y = _data(64)
    model = _model(2)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model.fit(x, y, epochs=2, batch_size=32, verbose=2)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2"
    assert lines[1].startswith("2/2 - ") and "/step - accuracy: " in lines[1] and " - loss: " in lines[1]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model.fit(x, y, epochs=1, batch_size=32, verbose=1)
    text = out.getvalue()
    assert "Epoch" not in text  # a single epoch prints no header, as in Keras
    assert "\x1b[1m2/2\x1b[0m" in text and "━" in text and text.endswith("\n")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model.fit(x, y, epochs=1, verbose=0)
    assert out.getvalue() == ""


def test_custom_train_step_keras_guide_pattern():
    class CustomModel(keras.Model):
        def train_step(self, data):
            x, y = data
            self.zero_grad()
            y_pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=y_pred)
            loss.backward()
            trainable = [v for v in self.trainable_weights]
            gradients = [v.value.grad for v in trainable]
            with torch.no_grad():
                self.optimizer.apply(gradients, trainable)
            for metric in self.metrics:
                if metric.name == "loss":
                    metric.update_state(loss)
                else:
                    metric.update_state(y, y_pred)
            return {m.name: m.result() for m in self.metrics}

    keras.utils.set_random_seed(0)
    inputs = keras.Input((4,))
    model = CustomModel(inputs, keras.layers.Dense(1)(inputs))
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    x = np.random.default_rng(0).normal(size=(128, 4)).astype("float32")
    y = x @ np.array([[1.0], [2.0], [-1.0], [0.5]], dtype="float32")
    history = model.fit(x, y, epochs=30, verbose=0)
    assert history.history["loss"][-1] < 0.05 * history.history["loss"][0]


def test_train_on_batch_and_test_on_batch():
    x, y = _data(32)
    model = _model(2)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
    before = model.test_on_batch(x, y)
    first = model.train_on_batch(x, y)
    assert first == pytest.approx(before, rel=1e-6)  # measured before the update
    assert model.test_on_batch(x, y) < before


def test_callbacks_see_hooks_in_order_and_stop_training():
    events = []

    class Recorder(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            events.append("train_begin")

        def on_epoch_begin(self, epoch, logs=None):
            events.append(f"epoch_begin {epoch}")

        def on_train_batch_end(self, batch, logs=None):
            events.append(f"batch_end {batch} {float(logs['loss']) > 0}")

        def on_epoch_end(self, epoch, logs=None):
            events.append(f"epoch_end {epoch} {sorted(logs)}")
            if epoch == 1:
                self.model.stop_training = True

        def on_train_end(self, logs=None):
            events.append("train_end")

    x, y = _data(40)
    model = _model(2)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    history = model.fit(x, y, epochs=5, batch_size=20, verbose=0, callbacks=[Recorder()])
    assert events == [
        "train_begin", "epoch_begin 0", "batch_end 0 True", "batch_end 1 True", "epoch_end 0 ['loss']",
        "epoch_begin 1", "batch_end 0 True", "batch_end 1 True", "epoch_end 1 ['loss']", "train_end",
    ]
    assert len(history.history["loss"]) == 2


def test_dict_inputs_for_named_inputs():
    keras.utils.set_random_seed(0)
    a, b = keras.Input((2,), name="a"), keras.Input((3,), name="b")
    merged = keras.layers.Dense(1)(keras.layers.Concatenate()([a, b]))
    model = keras.Model({"a": a, "b": b}, merged)
    model.compile(optimizer="sgd", loss="mse")
    rng = np.random.default_rng(1)
    data = {"a": rng.normal(size=(16, 2)).astype("float32"), "b": rng.normal(size=(16, 3)).astype("float32")}
    history = model.fit(data, np.zeros((16, 1), "float32"), epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert model.predict(data, verbose=0).shape == (16, 1)


@pytest.mark.parametrize("kwargs, message", [
    (dict(optimizer="adamz", loss="mse"), "adamz"),
    (dict(optimizer="adam", loss="msee"), "msee"),
    (dict(optimizer="adam", loss="mse", metrics=["acuracy"]), "acuracy"),
])
def test_unknown_identifiers_are_named(kwargs, message):
    x, y = _data(16)
    model = _model(2)
    with pytest.raises(ValueError, match=message):
        model.compile(**kwargs)
        model.fit(x, y, verbose=0)


def test_loss_without_targets_is_an_error():
    x, _ = _data(16)
    model = _model(2)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match=r"No target data was given for the model output.*Received: y=None"):
        model.fit(x, verbose=0)


def test_target_dict_must_name_a_named_output():
    inputs = keras.Input((3,), name="a")
    model = keras.Model(inputs, {"out": keras.layers.Dense(1, name="out")(inputs)})
    model.compile(optimizer="sgd", loss={"out": "mse"})
    x = np.ones((4, 3), "float32")
    with pytest.raises(ValueError, match=r"Expected keys \['out'\]. Received: keys=\['outt'\]"):
        model.fit(x, {"outt": np.ones((4, 1), "float32")}, verbose=0)
    history = model.fit(x, {"out": np.ones((4, 1), "float32")}, verbose=0)
    assert history.history["loss"][0] > 0


def test_out_of_range_sparse_label_is_an_error():
    x, y = _data(16)
    model = _model(2)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match="label"):
        model.fit(x, y + 5, verbose=0)


def test_callbacks_may_change_a_batch_logs_without_changing_the_epoch_logs():
    # As in Keras: an entry a callback adds or replaces in a batch's logs reaches the callbacks after it; the
    # History still holds the metrics' own values.
    x, y = np.ones((32, 3), "float32"), np.ones((32, 1), "float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse", metrics=["mae"])
    seen = []

    class Writes(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            logs["extra"] = 1.5
            logs["loss"] = 7.0

    class Reads(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append((sorted(logs), float(logs["loss"]), logs["extra"]))

    history = model.fit(x, y, batch_size=16, epochs=1, verbose=0, callbacks=[Writes(), Reads()])
    assert seen == [(["extra", "loss", "mae"], 7.0, 1.5)] * 2
    assert sorted(history.history) == ["loss", "mae"] and history.history["loss"][0] != 7.0
