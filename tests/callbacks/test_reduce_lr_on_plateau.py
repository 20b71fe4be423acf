import numpy as np
import pytest

import kerastorch as keras
from tests.callbacks.conftest import make_model
from tests.callbacks.test_early_stopping import _ScriptedLogs


def _lr_per_epoch(callback, values, data, lr=1.0):
    x, y = data
    model = make_model(keras.optimizers.SGD(learning_rate=lr))
    seen = []
    probe = keras.callbacks.LambdaCallback(
        on_epoch_begin=lambda e, l: seen.append(float(model.optimizer.learning_rate))
    )
    history = model.fit(x, y, epochs=len(values), verbose=0, shuffle=False,
                        callbacks=[probe, _ScriptedLogs(values), callback])
    return seen, history


def test_reduces_after_patience_and_respects_cooldown_and_min_lr(data):
    reduce = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1, cooldown=2, min_lr=0.2)
    seen, history = _lr_per_epoch(reduce, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], data)
    # Keras counts the cooldown down before checking it: cooldown=2 skips one epoch after a reduction.
    # epoch 1 stalls -> 0.5; epoch 2 cooled down; epoch 3 -> 0.25; epoch 4 cooled down; epoch 5 -> 0.2 (min_lr).
    np.testing.assert_allclose(seen, [1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.2], rtol=1e-6)
    # The logged learning rate is the one the epoch trained with (read before any reduction).
    np.testing.assert_allclose(history.history["learning_rate"], seen, rtol=1e-6)


def test_improvements_reset_the_wait(data):
    reduce = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.1, patience=2)
    seen, _ = _lr_per_epoch(reduce, [1.0, 0.9, 0.95, 0.8, 0.85, 0.86, 0.9], data)
    np.testing.assert_allclose(seen, [1.0] * 6 + [0.1], rtol=1e-6)


def test_factor_of_one_or_more_is_rejected():
    with pytest.raises(ValueError, match=r"factor >= 1.0. Received: factor=1.5"):
        keras.callbacks.ReduceLROnPlateau(factor=1.5)


def test_missing_metric_warns(data):
    x, y = data
    model = make_model()
    with pytest.warns(UserWarning, match="Learning rate reduction is conditioned on metric `val_loss`"):
        model.fit(x, y, epochs=1, verbose=0, callbacks=[keras.callbacks.ReduceLROnPlateau()])
