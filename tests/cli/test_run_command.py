"""`kerastorch run script.py [args]`: each case in a fresh process, so the import shims never reach the test
process (where the parity suite imports the real keras)."""

import os
import shutil
import subprocess
import sys
import textwrap

import pytest


def _kerastorch(*argv, cwd=None):
    return subprocess.run([sys.executable, "-m", "kerastorch", *argv], capture_output=True, text=True, timeout=300,
                          cwd=cwd, env=dict(os.environ))


def _script(tmp_path, source):
    path = tmp_path / "script.py"
    path.write_text(textwrap.dedent(source))
    return str(path)


def test_run_resolves_keras_imports_and_passes_arguments(tmp_path):
    script = _script(tmp_path, """
        import sys
        import keras
        from keras import layers
        from tensorflow.keras.layers import Dense
        print(keras.__name__, layers.Dense is Dense, __name__, sys.argv[1:])
    """)
    result = _kerastorch("run", script, "--quick", "-n", "3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "kerastorch True __main__ ['--quick', '-n', '3']"


def test_run_returns_the_scripts_exit_status(tmp_path):
    script = _script(tmp_path, "import sys\nsys.exit(7)\n")
    assert _kerastorch("run", script).returncode == 7
    script = _script(tmp_path, "import sys\nsys.exit('bad input')\n")
    result = _kerastorch("run", script)
    assert result.returncode == 1 and "bad input" in result.stderr


def test_run_reports_an_exception_with_a_traceback(tmp_path):
    script = _script(tmp_path, "raise RuntimeError('boom')\n")
    result = _kerastorch("run", script)
    assert result.returncode == 1
    assert "RuntimeError: boom" in result.stderr


def test_run_names_tensorflow_beyond_tf_keras(tmp_path):
    script = _script(tmp_path, "import tensorflow as tf\ntf.GradientTape()\n")
    result = _kerastorch("run", script)
    assert result.returncode == 1
    assert "tensorflow.GradientTape" in result.stderr


def test_run_missing_script_is_a_clear_error(tmp_path):
    result = _kerastorch("run", str(tmp_path / "nope.py"))
    assert result.returncode == 2
    assert "No script to run" in result.stderr and "nope.py" in result.stderr


def test_run_sees_modules_beside_the_script(tmp_path):
    (tmp_path / "helper.py").write_text("VALUE = 41\n")
    script = _script(tmp_path, "import helper\nprint(helper.VALUE + 1)\n")
    result = _kerastorch("run", script, cwd="/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "42"


def test_console_script_runs_too(tmp_path):
    executable = shutil.which("kerastorch", path=os.path.dirname(sys.executable))
    if executable is None:
        pytest.skip("the `kerastorch` console script is not installed beside this interpreter")
    script = _script(tmp_path, "import keras\nprint(keras.__name__)\n")
    result = subprocess.run([executable, "run", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "kerastorch"


def test_help_lists_every_subcommand():
    result = _kerastorch("--help")
    assert result.returncode == 0
    for name in ("run", "info", "convert"):
        assert f"    {name} " in result.stdout
