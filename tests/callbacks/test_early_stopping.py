import numpy as np
import pytest

import kerastorch as keras
from tests.callbacks.conftest import make_model


class _ScriptedLogs(keras.callbacks.Callback):
    """Replaces the epoch's monitored value with a scripted one (runs before EarlyStopping)."""

    def __init__(self, values, key="val_loss"):
        super().__init__()
        self.values, self.key = values, key

    def on_epoch_end(self, epoch, logs=None):
        logs[self.key] = self.values[epoch]


def _fit(callback, values, data, epochs=None, key="val_loss"):
    x, y = data
    model = make_model()
    history = model.fit(x, y, epochs=epochs or len(values), batch_size=16, verbose=0, shuffle=False,
                        callbacks=[_ScriptedLogs(values, key), callback])
    return model, history


def test_stops_after_patience_epochs_without_improvement(data):
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2)
    _, history = _fit(stopper, [1.0, 0.5, 0.6, 0.7, 0.4, 0.3], data)
    assert history.epoch == [0, 1, 2, 3]
    assert stopper.stopped_epoch == 3
    assert stopper.best == 0.5


def test_min_delta_counts_small_gains_as_no_improvement(data):
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=1, min_delta=0.1)
    _, history = _fit(stopper, [1.0, 0.95, 0.5, 0.45], data)
    assert history.epoch == [0, 1]


def test_mode_max_and_auto_direction_of_metrics(data):
    stopper = keras.callbacks.EarlyStopping(monitor="val_score", patience=0, mode="max")
    _, history = _fit(stopper, [0.1, 0.2, 0.15, 0.3], data, key="val_score")
    assert history.epoch == [0, 1, 2]
    # "auto" reads the direction of a compiled metric: mae goes down.
    x, y = data
    model = make_model()
    auto = keras.callbacks.EarlyStopping(monitor="mae", patience=0)
    model.fit(x, y, epochs=2, verbose=0, callbacks=[auto])
    assert auto.monitor_op(0.1, 0.2)


def test_auto_mode_unknown_metric_direction_is_an_error(data):
    stopper = keras.callbacks.EarlyStopping(monitor="val_score")
    with pytest.raises(ValueError, match="mode='max'"):
        _fit(stopper, [0.1, 0.2], data, key="val_score")


def test_baseline_not_beaten_keeps_counting_patience(data):
    # Improving on the best but not on the baseline does not restart patience.
    values = [1.0, 0.9, 0.95, 0.97, 0.98]
    with_baseline = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, baseline=0.3)
    assert _fit(with_baseline, values, data)[1].epoch == [0, 1, 2]
    without = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2)
    assert _fit(without, values, data)[1].epoch == [0, 1, 2, 3]


def test_start_from_epoch_ignores_warm_up(data):
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=0, start_from_epoch=2)
    _, history = _fit(stopper, [1.0, 2.0, 3.0, 4.0, 5.0], data)
    assert history.epoch == [0, 1, 2, 3]


def test_restore_best_weights_sets_the_best_epochs_weights(data):
    snapshots = []
    recorder = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda e, l: snapshots.append([np.copy(w) for w in recorder.model.get_weights()])
    )
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True, verbose=1)
    x, y = data
    model = make_model()
    model.fit(x, y, epochs=6, batch_size=16, verbose=0, shuffle=False,
              callbacks=[_ScriptedLogs([1.0, 0.2, 0.5, 0.6, 0.1, 0.1]), recorder, stopper])
    assert stopper.best_epoch == 1 and stopper.stopped_epoch == 3
    for restored, best in zip(model.get_weights(), snapshots[1]):
        np.testing.assert_array_equal(restored, best)
    assert not np.array_equal(model.get_weights()[0], snapshots[3][0])


def test_missing_metric_warns_and_training_goes_on(data):
    x, y = data
    model = make_model()
    stopper = keras.callbacks.EarlyStopping(monitor="val_nope", patience=0, mode="min")
    with pytest.warns(UserWarning, match=r"Early stopping conditioned on metric `val_nope` which is not available"):
        history = model.fit(x, y, epochs=3, verbose=0, callbacks=[stopper])
    assert history.epoch == [0, 1, 2]


def test_unknown_mode_warns_and_falls_back_to_auto():
    with pytest.warns(UserWarning, match="mode 'up' is unknown"):
        stopper = keras.callbacks.EarlyStopping(mode="up")
    assert stopper.mode == "auto"
