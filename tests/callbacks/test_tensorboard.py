"""TensorBoard writes event files that the `tensorboard` package reads back (no TensorFlow involved)."""

import os

import numpy as np
import pytest

import kerastorch as keras
from tests.callbacks.conftest import make_model

event_accumulator = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")


def _read(folder):
    accumulator = event_accumulator.EventAccumulator(
        str(folder), size_guidance={event_accumulator.SCALARS: 0, event_accumulator.HISTOGRAMS: 0}
    )
    accumulator.Reload()
    return accumulator


def _scalars(accumulator, tag):
    return [(e.step, e.value) for e in accumulator.Scalars(tag)]


def test_epoch_scalars_learning_rate_histograms_and_graph(tmp_path, data):
    x, y = data
    model = make_model(keras.optimizers.SGD(learning_rate=0.05))
    board = keras.callbacks.TensorBoard(tmp_path, histogram_freq=2)
    history = model.fit(x, y, epochs=3, batch_size=16, verbose=0, validation_split=0.25, callbacks=[board])
    train, val = _read(tmp_path / "train"), _read(tmp_path / "validation")
    for key in ("loss", "mae"):
        got = _scalars(train, f"epoch_{key}")
        assert [s for s, _ in got] == [0, 1, 2]
        np.testing.assert_allclose([v for _, v in got], history.history[key], rtol=1e-6)
        got = _scalars(val, f"epoch_{key}")
        np.testing.assert_allclose([v for _, v in got], history.history[f"val_{key}"], rtol=1e-6)
    np.testing.assert_allclose([v for _, v in _scalars(train, "epoch_learning_rate")], [0.05] * 3, rtol=1e-6)
    # 48 training samples in batches of 16: 3 optimizer steps per epoch.
    assert [s for s, _ in _scalars(val, "evaluation_loss_vs_iterations")] == [3, 6, 9]
    assert not any(tag.startswith("batch_") for tag in train.Tags()["scalars"])
    histograms = train.Tags()["histograms"]
    paths = [w.path for layer in model.layers for w in layer.weights]
    assert len(paths) == 4 and sorted(histograms) == sorted(f"{p}/histogram" for p in paths)
    kernel = train.Histograms(f"{model.layers[1].kernel.path}/histogram")
    assert [h.step for h in kernel] == [0, 2]
    assert kernel[-1].histogram_value.num == 8
    kernel_sum = model.layers[1].kernel.detach().sum().item()
    np.testing.assert_allclose(kernel[-1].histogram_value.sum, kernel_sum, rtol=1e-5)
    assert train.Tags()["graph"] is True
    assert len(train.Graph().node) > 0


def test_batch_scalars_every_update_freq_batches(tmp_path, data):
    x, y = data
    losses = []
    probe = keras.callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: losses.append(float(logs["loss"])))
    board = keras.callbacks.TensorBoard(tmp_path, update_freq=3, write_graph=False)
    make_model().fit(x, y, epochs=2, batch_size=16, verbose=0, callbacks=[probe, board])
    train = _read(tmp_path / "train")
    got = _scalars(train, "batch_loss")
    assert [s for s, _ in got] == [3, 6]
    np.testing.assert_allclose([v for _, v in got], [losses[2], losses[5]], rtol=1e-6)
    assert not os.path.exists(tmp_path / "validation")
    assert train.Tags()["graph"] is False


def test_update_freq_batch_means_every_batch(tmp_path, data):
    x, y = data
    board = keras.callbacks.TensorBoard(tmp_path, update_freq="batch", write_graph=False)
    make_model().fit(x, y, epochs=1, batch_size=16, verbose=0, callbacks=[board])
    assert [s for s, _ in _scalars(_read(tmp_path / "train"), "batch_mae")] == [1, 2, 3, 4]


def test_untraceable_model_warns_and_trains(tmp_path, data):
    class Subclassed(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(1)

        def call(self, inputs):
            return self.dense(inputs)

    x, y = data
    model = Subclassed()
    model.compile("sgd", "mse")
    with pytest.warns(UserWarning, match="graph was not written"):
        history = model.fit(x, y, epochs=2, verbose=0, callbacks=[keras.callbacks.TensorBoard(tmp_path)])
    assert history.epoch == [0, 1]
    assert len(_scalars(_read(tmp_path / "train"), "epoch_loss")) == 2


def test_profile_batch_writes_a_trace(tmp_path, data):
    x, y = data
    board = keras.callbacks.TensorBoard(tmp_path, profile_batch=(2, 3), write_graph=False)
    make_model().fit(x, y, epochs=1, batch_size=16, verbose=0, callbacks=[board])
    traces = [f for f in os.listdir(tmp_path / "train") if f.endswith(".pt.trace.json")]
    assert len(traces) == 1


def test_bad_profile_batch_and_update_freq():
    with pytest.raises(ValueError, match="profile_batch must be a non-negative integer"):
        keras.callbacks.TensorBoard(profile_batch=(3, 1))
    with pytest.raises(ValueError, match="Received: update_freq=0"):
        keras.callbacks.TensorBoard(update_freq=0)
