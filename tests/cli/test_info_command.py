"""`kerastorch info`: versions, device, and the keras.json in use with its values."""

import json
import os
import subprocess
import sys

import numpy as np
import torch

import kerastorch


def _info(tmp_path, *argv, **env):
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / "keras.json").write_text(json.dumps({"floatx": "float64", "epsilon": 1e-5, "backend": "torch",
                                                 "image_data_format": "channels_first"}))
    environment = dict(os.environ, KERAS_HOME=str(home), KERASTORCH_DEVICE="cpu", **env)
    return subprocess.run([sys.executable, "-m", "kerastorch", "info", *argv], capture_output=True, text=True,
                          timeout=300, env=environment), home


def test_info_prints_versions_device_and_config(tmp_path):
    result, home = _info(tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == [f"kerastorch: {kerastorch.__version__}", f"torch: {torch.__version__}",
                         f"numpy: {np.__version__}"]
    assert "device: cpu" in lines
    assert f"cuda available: {torch.cuda.is_available()}" in lines
    assert f"config file: {home / 'keras.json'}" in lines
    for expected in ("  floatx: float64", "  epsilon: 1e-05", "  image_data_format: channels_first",
                     "  backend: torch", "  device: cpu", "env KERASTORCH_DEVICE: cpu"):
        assert expected in lines


def test_info_json_is_machine_readable(tmp_path):
    result, home = _info(tmp_path, "--json")
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    assert facts["kerastorch"] == kerastorch.__version__
    assert facts["config_file"] == str(home / "keras.json") and facts["config_file_exists"] is True
    assert facts["config"] == {"backend": "torch", "floatx": "float64", "epsilon": 1e-5,
                               "image_data_format": "channels_first", "device": "cpu"}
    assert facts["device"] == "cpu"


def test_info_says_when_defaults_are_in_use(tmp_path):
    # A KERAS_HOME below a regular file can never be created, even by root: no keras.json gets written.
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    env = dict(os.environ, KERAS_HOME=str(blocker / "home"))
    env.pop("KERASTORCH_DEVICE", None)
    result = subprocess.run([sys.executable, "-m", "kerastorch", "info"], capture_output=True, text=True,
                            timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    assert f"config file: {blocker / 'home' / 'keras.json'} (missing: defaults in use)" in result.stdout
    assert "  floatx: float32" in result.stdout
    assert "  device: auto (cuda when available, else cpu)" in result.stdout


def test_collect_in_process_matches_the_live_configuration():
    from kerastorch.cli import info_command

    facts = info_command.collect()
    assert facts["config"]["floatx"] == kerastorch.config.floatx()
    assert facts["config"]["epsilon"] == kerastorch.config.epsilon()
    assert facts["config_file"] == kerastorch.backend.config.config_path()
    assert info_command.format_info(facts).splitlines()[0] == f"kerastorch: {kerastorch.__version__}"
