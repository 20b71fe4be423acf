"""BackupAndRestore: a fit killed mid-way resumes from its last backup and ends exactly where an
uninterrupted run ends (shuffling, dropout and the optimizer state included)."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import kerastorch as keras
from tests.callbacks.conftest import make_model

CHILD = os.path.join(os.path.dirname(__file__), "_backup_child.py")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))


def _child(*args):
    return subprocess.run([sys.executable, CHILD, *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_killed_run_resumes_and_matches_an_uninterrupted_run(tmp_path):
    backup = tmp_path / "backup"
    full = _child(tmp_path / "full.npz", "-", "-")
    assert full.returncode == 0, full.stderr
    killed = _child(tmp_path / "never.npz", backup, 3)
    assert killed.returncode == 17, killed.stderr
    assert not (tmp_path / "never.npz").exists()
    assert json.loads((backup / "training_metadata.json").read_text()) == {"epoch": 3, "batch": 0}
    resumed = _child(tmp_path / "resumed.npz", backup, "-")
    assert resumed.returncode == 0, resumed.stderr
    assert not backup.exists()  # deleted once the fit completed

    full, resumed = np.load(tmp_path / "full.npz"), np.load(tmp_path / "resumed.npz")
    assert full["epochs"].tolist() == [0, 1, 2, 3, 4, 5]
    assert resumed["epochs"].tolist() == [3, 4, 5]
    np.testing.assert_array_equal(resumed["loss"], full["loss"][3:])
    weights = [k for k in full.files if k.startswith("arr_")]
    assert len(weights) == 6 and sorted(weights) == sorted(k for k in resumed.files if k.startswith("arr_"))
    for key in weights:
        np.testing.assert_array_equal(resumed[key], full[key], err_msg=key)


def test_backup_files_and_delete_checkpoint_false(tmp_path, data):
    x, y = data
    backup = tmp_path / "b"
    model = make_model()
    model.fit(x, y, epochs=2, verbose=0, callbacks=[keras.callbacks.BackupAndRestore(backup, delete_checkpoint=False)])
    assert sorted(os.listdir(backup)) == ["latest.weights.h5", "random_state.npz", "training_metadata.json"]
    assert json.loads((backup / "training_metadata.json").read_text()) == {"epoch": 2, "batch": 0}
    # A second fit with the same backup starts at epoch 2: nothing left to train for epochs=2.
    history = model.fit(x, y, epochs=3, verbose=0, callbacks=[keras.callbacks.BackupAndRestore(backup)])
    assert history.epoch == [2]


def test_integer_save_freq_records_the_batch(tmp_path, data):
    x, y = data  # 4 batches of 16
    backup = tmp_path / "b"
    saved = []
    callback = keras.callbacks.BackupAndRestore(backup, save_freq=3, delete_checkpoint=False)
    probe = keras.callbacks.LambdaCallback(
        on_train_batch_end=lambda b, logs: saved.append(json.loads((backup / "training_metadata.json").read_text()))
        if (backup / "training_metadata.json").exists() else None
    )
    make_model().fit(x, y, epochs=1, batch_size=16, verbose=0, callbacks=[callback, probe])
    assert saved[-1] == {"epoch": 0, "batch": 2}
    assert not os.path.exists(backup / "latest.weights.h5.bkp")


def test_double_checkpoint_falls_back_to_the_previous_backup(tmp_path, data):
    x, y = data
    backup = tmp_path / "b"
    model = make_model()
    callback = keras.callbacks.BackupAndRestore(backup, double_checkpoint=True, delete_checkpoint=False)
    model.fit(x, y, epochs=2, verbose=0, callbacks=[callback])
    assert json.loads((backup / "training_metadata.json.bkp").read_text())["epoch"] == 1
    (backup / "latest.weights.h5").write_bytes(b"corrupt")
    history = make_model().fit(x, y, epochs=3, verbose=0, callbacks=[keras.callbacks.BackupAndRestore(backup)])
    assert history.epoch == [1, 2]


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="Empty `backup_dir`"):
        keras.callbacks.BackupAndRestore("")
    with pytest.raises(ValueError, match="Received: save_freq=often"):
        keras.callbacks.BackupAndRestore("b", save_freq="often")
