"""ModelCheckpoint writes real `.keras` / `.weights.h5` files; these tests read them back."""

import os

import numpy as np
import pytest

import kerastorch as keras
from tests.callbacks.conftest import make_model
from tests.callbacks.test_early_stopping import _ScriptedLogs


def _weights_after_each_epoch(model):
    snapshots = []
    probe = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda e, l: snapshots.append([np.copy(w) for w in model.get_weights()])
    )
    return snapshots, probe


def test_saves_every_epoch_with_a_templated_name(tmp_path, data):
    x, y = data
    model = make_model()
    template = str(tmp_path / "new_folder" / "ckpt-{epoch:02d}-{val_loss:.2f}.keras")
    snapshots, probe = _weights_after_each_epoch(model)
    history = model.fit(x, y, epochs=3, verbose=0, validation_split=0.25,
                        callbacks=[probe, keras.callbacks.ModelCheckpoint(template)])
    expected = [f"ckpt-{e + 1:02d}-{v:.2f}.keras" for e, v in enumerate(history.history["val_loss"])]
    assert sorted(os.listdir(tmp_path / "new_folder")) == sorted(expected)
    loaded = keras.saving.load_model(tmp_path / "new_folder" / expected[1])
    for got, want in zip(loaded.get_weights(), snapshots[1]):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_allclose(loaded.predict(x[:4], verbose=0), make_predict(snapshots[1], x[:4]), rtol=1e-6)


def make_predict(weights, x):
    model = make_model()
    model.set_weights(weights)
    return model.predict(x, verbose=0)


def test_save_best_only_weights_only_keeps_the_best_epoch(tmp_path, data):
    x, y = data
    model = make_model()
    path = str(tmp_path / "best.weights.h5")
    snapshots, probe = _weights_after_each_epoch(model)
    checkpoint = keras.callbacks.ModelCheckpoint(path, monitor="val_loss", save_best_only=True,
                                                 save_weights_only=True, verbose=1)
    model.fit(x, y, epochs=4, verbose=0, callbacks=[probe, _ScriptedLogs([0.5, 0.3, 0.4, 0.35]), checkpoint])
    assert checkpoint.best == 0.3
    fresh = make_model(seed=1)
    fresh.load_weights(path)
    for got, want in zip(fresh.get_weights(), snapshots[1]):
        np.testing.assert_array_equal(got, want)


def test_initial_value_threshold_and_mode_max(tmp_path, data):
    x, y = data
    path = tmp_path / "best.weights.h5"
    checkpoint = keras.callbacks.ModelCheckpoint(path, monitor="val_score", mode="max", save_best_only=True,
                                                 save_weights_only=True, initial_value_threshold=0.9)
    make_model().fit(x, y, epochs=2, verbose=0, callbacks=[_ScriptedLogs([0.5, 0.8], "val_score"), checkpoint])
    assert not path.exists()
    checkpoint = keras.callbacks.ModelCheckpoint(path, monitor="val_score", mode="max", save_best_only=True,
                                                 save_weights_only=True, initial_value_threshold=0.6)
    make_model().fit(x, y, epochs=2, verbose=0, callbacks=[_ScriptedLogs([0.5, 0.8], "val_score"), checkpoint])
    assert path.exists() and checkpoint.best == 0.8


def test_integer_save_freq_saves_every_n_batches(tmp_path, data):
    x, y = data  # 64 samples, batch 16: 4 batches per epoch
    template = str(tmp_path / "e{epoch}-b{batch}-{loss:.3f}.weights.h5")
    make_model().fit(x, y, epochs=2, batch_size=16, verbose=0,
                     callbacks=[keras.callbacks.ModelCheckpoint(template, save_weights_only=True, save_freq=3)])
    names = sorted(n.rsplit("-", 1)[0] for n in os.listdir(tmp_path))
    assert names == ["e1-b3", "e2-b2"]


def test_bad_arguments():
    with pytest.raises(ValueError, match=r"must end in `.weights.h5`.*Received: filepath=w.keras"):
        keras.callbacks.ModelCheckpoint("w.keras", save_weights_only=True)
    with pytest.raises(ValueError, match=r"must end in `.keras`.*Received: filepath=model.pt"):
        keras.callbacks.ModelCheckpoint("model.pt")
    with pytest.raises(ValueError, match="Unrecognized save_freq"):
        keras.callbacks.ModelCheckpoint("m.keras", save_freq="batch")


def test_unwritable_path_fails_before_training(tmp_path, data):
    x, y = data
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    epochs = []
    probe = keras.callbacks.LambdaCallback(on_epoch_begin=lambda e, l: epochs.append(e))
    checkpoint = keras.callbacks.ModelCheckpoint(str(blocker / "ckpt-{epoch}.keras"))
    with pytest.raises(ValueError, match="cannot write to the folder of its filepath"):
        make_model().fit(x, y, epochs=2, verbose=0, callbacks=[checkpoint, probe])
    assert epochs == []


def test_existing_folder_as_filepath_fails_before_training(tmp_path, data):
    x, y = data
    (tmp_path / "model.keras").mkdir()
    with pytest.raises(ValueError, match="non-directory filepath"):
        make_model().fit(x, y, epochs=1, verbose=0,
                         callbacks=[keras.callbacks.ModelCheckpoint(str(tmp_path / "model.keras"))])


def test_missing_folder_is_created_at_train_begin(tmp_path):
    checkpoint = keras.callbacks.ModelCheckpoint(str(tmp_path / "a" / "b" / "run-{epoch}" / "m.keras"))
    checkpoint.set_model(make_model())
    checkpoint.on_train_begin()
    assert (tmp_path / "a" / "b").is_dir()


def test_missing_monitor_with_save_best_only_warns_and_saves(tmp_path, data):
    x, y = data
    path = tmp_path / "m.weights.h5"
    checkpoint = keras.callbacks.ModelCheckpoint(path, save_best_only=True, save_weights_only=True, mode="min")
    with pytest.warns(UserWarning, match="Can save best model only with val_loss available"):
        make_model().fit(x, y, epochs=1, verbose=0, callbacks=[checkpoint])
    assert path.exists()


def test_save_best_only_with_integer_save_freq_saves_from_the_first_epoch(tmp_path, data):
    """Keras 3.15 crashes here (its comparison is set at the first epoch end, after the first batch save); a
    batch-level "best only" save compares the running batch loss instead."""
    x, y = data
    model = make_model(optimizer=keras.optimizers.SGD(learning_rate=0.05))
    losses = []
    probe = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: losses.append(float(logs["loss"])))
    checkpoint = keras.callbacks.ModelCheckpoint(str(tmp_path / "c.{epoch}-{batch}.weights.h5"), monitor="loss",
                                                 save_best_only=True, save_weights_only=True, save_freq=2)
    model.fit(x, y, batch_size=16, epochs=2, verbose=0, shuffle=False, callbacks=[probe, checkpoint])
    expected, best = [], None
    for step in range(1, len(losses), 2):  # every 2nd batch: batch 2 and 4 of each 4-batch epoch
        if best is None or losses[step] < best:
            best = losses[step]
            expected.append(f"c.{step // 4 + 1}-{step % 4 + 1}.weights.h5")
    assert len(expected) >= 2
    assert sorted(os.listdir(tmp_path)) == sorted(expected)
    assert checkpoint.best == pytest.approx(best, rel=1e-6)
