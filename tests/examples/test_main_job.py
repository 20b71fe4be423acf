"""The main job runs end to end offline: trains on the bundled digits, reaches the target, saves."""

import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_main_job_trains_to_95_percent_and_saves(tmp_path):
    env = dict(os.environ, KERAS_HOME=str(tmp_path / "home"), KERASTORCH_DEVICE="cpu")
    result = subprocess.run([sys.executable, os.path.join(ROOT, "examples", "main_job.py"), str(tmp_path)],
                            capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    accuracy = float(re.search(r"test accuracy: ([0-9.]+)", result.stdout).group(1))
    assert accuracy >= 0.95
    assert "Epoch 20/20" in result.stdout and "━" in result.stdout  # Keras's progress bars
    saved = re.search(r"saved: (.+)", result.stdout).group(1).strip()
    assert os.path.getsize(saved) > 0
