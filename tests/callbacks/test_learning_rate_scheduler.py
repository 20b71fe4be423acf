import numpy as np
import pytest

import kerastorch as keras
from tests.callbacks.conftest import make_model


def _fit(scheduler, data, epochs=4):
    x, y = data
    model = make_model(keras.optimizers.SGD(learning_rate=0.1))
    seen = []
    probe = keras.callbacks.LambdaCallback(on_epoch_end=lambda e, l: seen.append(float(model.optimizer.learning_rate)))
    history = model.fit(x, y, epochs=epochs, verbose=0, callbacks=[scheduler, probe])
    return model, seen, history


def test_schedule_with_epoch_and_lr(data):
    scheduler = keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5 if epoch > 0 else lr)
    _, seen, history = _fit(scheduler, data)
    np.testing.assert_allclose(seen, [0.1, 0.05, 0.025, 0.0125], rtol=1e-6)
    np.testing.assert_allclose(history.history["learning_rate"], seen, rtol=1e-6)


def test_schedule_with_epoch_only(data, capsys):
    scheduler = keras.callbacks.LearningRateScheduler(lambda epoch: 0.01 * (epoch + 1), verbose=1)
    _, seen, _ = _fit(scheduler, data, epochs=3)
    np.testing.assert_allclose(seen, [0.01, 0.02, 0.03], rtol=1e-6)
    assert "Epoch 2: LearningRateScheduler setting learning rate to 0.02." in capsys.readouterr().out


def test_schedule_must_return_a_float(data):
    scheduler = keras.callbacks.LearningRateScheduler(lambda epoch, lr: "fast")
    with pytest.raises(ValueError, match="should be a float. Got: fast"):
        _fit(scheduler, data, epochs=1)
