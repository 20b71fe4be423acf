"""Saved files get ordinary permissions (the atomic temporary file is private until it is renamed)."""

import os
import stat

import kerastorch as keras


def test_saved_model_has_umask_permissions(tmp_path):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    path = tmp_path / "m.keras"
    model.save(path)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o666 & ~umask
