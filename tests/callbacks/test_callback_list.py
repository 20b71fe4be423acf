"""CallbackList: how `fit` calls the hooks (what Keras's own CallbackList does; compat/ has the parity)."""

import numpy as np
import pytest

import kerastorch as keras
from tests.callbacks.conftest import make_model


class _Logs(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.seen = []

    def on_train_begin(self, logs=None):
        self.seen.append(("train_begin", logs, self.model.history))

    def on_train_batch_begin(self, batch, **kwargs):  # batch logs come as a keyword, as in Keras
        self.seen.append(("batch_begin", kwargs["logs"]))

    def on_epoch_end(self, epoch, logs=None):
        logs["added"] = 1.0  # seen by the callbacks after this one, not by the caller

    def on_train_end(self, logs=None):
        self.seen.append(("train_end", sorted(logs)))


def test_logs_are_dicts_fresh_per_call_and_history_is_set_first(data):
    x, y = data
    model = make_model()
    callback = _Logs()
    history = model.fit(x, y, batch_size=32, epochs=1, verbose=0, callbacks=[callback])
    begin, first_batch, second_batch, end = callback.seen
    assert begin == ("train_begin", {}, history)  # `{}`, not None; the History is the model's before epoch 1
    assert first_batch == second_batch == ("batch_begin", {})
    assert history.history["added"] == [1.0]
    assert end == ("train_end", ["loss", "mae"])


def test_history_of_a_fit_that_runs_no_epoch(data):
    x, y = data
    model = make_model()
    model.fit(x, y, epochs=1, verbose=0)
    history = model.fit(x, y, epochs=1, initial_epoch=1, verbose=0)
    assert model.history is history and history.epoch == [] and history.history == {}
    assert keras.callbacks.Callback().params is None


def test_nested_callback_lists_are_flattened_as_in_keras():
    seen = []
    first = keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append("first"))
    second = keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append("second"))
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    model.fit(np.ones((4, 2), "float32"), np.ones((4, 1), "float32"), verbose=0, callbacks=[[first], [[second]]])
    assert seen == ["first", "second"]
    with pytest.raises(TypeError, match="must be an instance of keras.callbacks.Callback"):
        model.fit(np.ones((4, 2), "float32"), np.ones((4, 1), "float32"), verbose=0, callbacks=[["not a callback"]])
