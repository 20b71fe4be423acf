"""`import kerastorch` stays light: the optional heavy packages load only when used."""

import subprocess
import sys


def test_import_loads_no_heavy_optional_packages():
    code = (
        "import sys, kerastorch\n"
        "print(sorted(m for m in ('h5py', 'safetensors', 'tensorboard', 'PIL', 'keras', 'tensorflow') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_h5py_loads_on_first_save(tmp_path):
    code = (
        "import sys, numpy as np, kerastorch as keras\n"
        "m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])\n"
        f"m.save_weights(r'{tmp_path / 'w.weights.h5'}')\n"
        "print('h5py' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
