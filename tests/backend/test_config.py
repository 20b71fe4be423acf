"""keras.json handling, environment overrides and the setters' validation.

Configuration is read once at import, so each file-driven case runs `import kerastorch` in a fresh process.
"""

import json
import os
import subprocess
import sys

import pytest

import kerastorch as keras


def _import_in_subprocess(home, code="", env_extra=None):
    env = {k: v for k, v in os.environ.items() if k not in ("KERAS_BACKEND", "KERASTORCH_DEVICE")}
    env["KERAS_HOME"] = str(home)
    env.update(env_extra or {})
    script = "import warnings, json\nwarnings.simplefilter('always')\nimport kerastorch as keras\n" + code
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)


def test_missing_file_is_written_with_defaults(tmp_path):
    result = _import_in_subprocess(tmp_path / "home", "print(keras.config.floatx(), keras.config.epsilon())")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["float32", "1e-07"]
    written = json.loads((tmp_path / "home" / "keras.json").read_text())
    assert written == {"floatx": "float32", "epsilon": 1e-07, "backend": "torch", "image_data_format": "channels_last"}


def test_file_values_are_applied(tmp_path):
    (tmp_path / "keras.json").write_text(json.dumps(
        {"floatx": "float64", "epsilon": 1e-5, "image_data_format": "channels_first", "backend": "torch"}
    ))
    code = "print(keras.config.floatx(), keras.config.epsilon(), keras.config.image_data_format())"
    result = _import_in_subprocess(tmp_path, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["float64", "1e-05", "channels_first"]
    assert "Warning" not in result.stderr


def test_tensorflow_backend_in_file_warns_once_and_runs_on_torch(tmp_path):
    (tmp_path / "keras.json").write_text(json.dumps({"backend": "tensorflow", "floatx": "float32"}))
    result = _import_in_subprocess(tmp_path, "import kerastorch\nprint(keras.backend.backend())")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "torch"
    assert result.stderr.count("names the backend 'tensorflow'") == 1


def test_malformed_file_warns_with_its_path_and_uses_defaults(tmp_path):
    (tmp_path / "keras.json").write_text("{not json")
    result = _import_in_subprocess(tmp_path, "print(keras.config.floatx())")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "float32"
    assert str(tmp_path / "keras.json") in result.stderr


def test_invalid_value_in_file_warns_and_keeps_default(tmp_path):
    (tmp_path / "keras.json").write_text(json.dumps({"floatx": "float8", "image_data_format": "channels_first"}))
    result = _import_in_subprocess(tmp_path, "print(keras.config.floatx(), keras.config.image_data_format())")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["float32", "channels_first"]
    assert "float8" in result.stderr and "floatx" in result.stderr


def test_keras_backend_env_other_than_torch_is_an_error(tmp_path):
    result = _import_in_subprocess(tmp_path, env_extra={"KERAS_BACKEND": "jax"})
    assert result.returncode != 0
    assert "KERAS_BACKEND=jax" in result.stderr


def test_keras_backend_env_torch_is_accepted(tmp_path):
    result = _import_in_subprocess(tmp_path, "print(keras.backend.backend())", env_extra={"KERAS_BACKEND": "torch"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "torch"


def test_device_from_file_then_env_override(tmp_path):
    (tmp_path / "keras.json").write_text(json.dumps({"device": "meta"}))
    code = "print(keras.config.device()); print(keras.layers.Dense(2)(__import__('numpy').ones((1, 3))).device)"
    from_file = _import_in_subprocess(tmp_path, "print(keras.config.device())")
    assert from_file.stdout.strip() == "meta", from_file.stderr
    from_env = _import_in_subprocess(tmp_path, code, env_extra={"KERASTORCH_DEVICE": "cpu"})
    assert from_env.returncode == 0, from_env.stderr
    assert from_env.stdout.split() == ["cpu", "cpu"]


def test_unwritable_home_does_not_break_import(tmp_path):
    home = tmp_path / "ro"
    home.mkdir()
    home.chmod(0o500)
    try:
        result = _import_in_subprocess(home / "sub", "print(keras.config.floatx())")
    finally:
        home.chmod(0o700)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "float32"


@pytest.mark.parametrize(
    "setter, value, allowed",
    [
        (keras.config.set_floatx, "float8", "float16"),
        (keras.config.set_image_data_format, "channels_middle", "channels_last"),
        (keras.config.set_epsilon, -1.0, "non-negative"),
        (keras.config.set_device, "not-a-device", "cpu"),
    ],
)
def test_setters_reject_bad_values_with_allowed_list(setter, value, allowed):
    with pytest.raises(ValueError) as error:
        setter(value)
    assert allowed in str(error.value)
    assert str(value) in str(error.value)


def test_setters_round_trip_and_keras2_spellings():
    try:
        keras.config.set_floatx("float64")
        keras.config.set_epsilon(1e-4)
        assert keras.backend.floatx() == "float64"
        assert keras.backend.epsilon() == 1e-4
        assert keras.layers.Dense(2).dtype == "float64"
        keras.backend.set_image_data_format("channels_first")
        assert keras.config.image_data_format() == "channels_first"
    finally:
        keras.config.set_floatx("float32")
        keras.config.set_epsilon(1e-7)
        keras.config.set_image_data_format("channels_last")


def test_clear_session_restarts_automatic_names():
    keras.backend.clear_session()
    first = keras.layers.Dense(1).name
    second = keras.layers.Dense(1).name
    keras.backend.clear_session()
    assert (first, second, keras.layers.Dense(1).name) == ("dense", "dense_1", "dense")
