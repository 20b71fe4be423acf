import numpy as np
import pytest

import kerastorch as keras
from tests.callbacks.conftest import make_model


def _nan_data():
    x = np.ones((40, 4), dtype="float32")
    y = np.ones((40, 1), dtype="float32")
    x[25] = np.nan  # batch 2 (of size 10) has a NaN
    return x, y


def test_stops_at_the_first_nan_batch(capsys):
    x, y = _nan_data()
    model = make_model()
    batches = []
    seen = keras.callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: batches.append(b))
    history = model.fit(x, y, epochs=3, batch_size=10, shuffle=False, verbose=0,
                        callbacks=[seen, keras.callbacks.TerminateOnNaN()])
    assert batches == [0, 1, 2]
    assert history.epoch == [0]
    assert np.isnan(history.history["loss"][0])
    assert "Batch 2: Invalid loss, terminating training" in capsys.readouterr().out


def test_raise_error_raises():
    x, y = _nan_data()
    model = make_model()
    with pytest.raises(RuntimeError, match="NaN or Inf loss encountered at batch 2"):
        model.fit(x, y, epochs=1, batch_size=10, shuffle=False, verbose=0,
                  callbacks=[keras.callbacks.TerminateOnNaN(raise_error=True)])


def test_finite_losses_train_every_epoch(data):
    x, y = data
    history = make_model().fit(x, y, epochs=2, verbose=0, callbacks=[keras.callbacks.TerminateOnNaN()])
    assert history.epoch == [0, 1]
