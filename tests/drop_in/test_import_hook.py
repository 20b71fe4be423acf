"""Unmodified Keras scripts run on kerastorch through the import shims (each case in a fresh process, so
the real `keras` package used by the parity suite is never shadowed here)."""

import os
import subprocess
import sys
import textwrap

import pytest


def _run(tmp_path, source, *argv):
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(source))
    env = dict(os.environ)
    code = "import sys; from kerastorch.drop_in import run_script; run_script(sys.argv[1], sys.argv[2:])"
    return subprocess.run([sys.executable, "-c", code, str(script), *argv], capture_output=True, text=True,
                          env=env, timeout=300)


@pytest.mark.parametrize("imports", [
    "import keras",
    "from tensorflow import keras",
    "import tensorflow as tf\nkeras = tf.keras",
    "import tf_keras as keras",
])
def test_keras_import_spellings_resolve_to_kerastorch(tmp_path, imports):
    body = textwrap.dedent("""
        import numpy as np
        print(keras.__name__)
        model = keras.Sequential([keras.layers.Dense(4, activation="relu", input_shape=(3,)), keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        history = model.fit(np.ones((8, 3)), np.ones((8, 1)), epochs=2, verbose=0)
        print(len(history.history["loss"]))
    """)
    result = _run(tmp_path, imports + "\n" + body)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["kerastorch", "2"]


def test_from_tensorflow_keras_layers_import(tmp_path):
    result = _run(tmp_path, """
        from tensorflow.keras.layers import Dense
        from tensorflow.keras.models import Sequential
        from keras.src.layers import Dense as PrivateDense
        print(Dense.__module__, Sequential.__name__, Dense is PrivateDense)
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["kerastorch.layers.core.dense", "Sequential", "True"]


def test_tensorflow_beyond_keras_names_the_symbol(tmp_path):
    result = _run(tmp_path, """
        import tensorflow as tf
        dataset = tf.data.Dataset.from_tensor_slices([1, 2])
    """)
    assert result.returncode != 0
    assert "tensorflow.data" in result.stderr and "beyond tf.keras" in result.stderr


def test_tensorflow_submodule_import_is_a_clear_error(tmp_path):
    result = _run(tmp_path, "from tensorflow.python.ops import math_ops\n")
    assert result.returncode != 0
    assert "tensorflow.python.ops" in result.stderr


def test_script_arguments_and_main_guard(tmp_path):
    result = _run(tmp_path, """
        import sys
        if __name__ == "__main__":
            print(sys.argv[1:])
    """, "--epochs", "3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['--epochs', '3']"


def test_shims_stay_off_in_other_processes(tmp_path):
    result = subprocess.run([sys.executable, "-c", "import kerastorch, sys; print('keras' in sys.modules)"],
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "False"
