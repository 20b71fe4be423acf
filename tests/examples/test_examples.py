"""Every example in examples/ runs end to end in quick mode (a fresh process each) and its result line holds.

Thresholds are loose (quick mode trains a few epochs) but each one fails if the example stops learning.
examples/main_job.py has its own test.
"""

import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(ROOT, "examples")


def _result(line):
    return {key: value for key, value in re.findall(r"(\w+)=(\S+)", line)}


CHECKS = {
    "mlp_classifier.py": lambda r: float(r["test_accuracy"]) > 0.8,
    "mnist_recipe.py": lambda r: float(r["test_accuracy"]) > 0.8 and r["probabilities_sum_to_one"] == "True",
    "cnn_classifier.py": lambda r: float(r["test_accuracy"]) > 0.7,
    "lstm_sentiment.py": lambda r: float(r["test_accuracy"]) > 0.8,
    "house_price_regression.py": lambda r: float(r["test_mae"]) < 0.3 * float(r["baseline_mae"]),
    "functional_multi_io.py": lambda r: float(r["department_accuracy"]) > 0.9 and float(r["priority_mae"]) < 0.1,
    "custom_train_step.py": lambda r: float(r["final_loss"]) < 0.2 * float(r["first_loss"]),
    "callbacks.py": lambda r: (int(r["stopped_epoch"]) < 30
                               and abs(float(r["best_val_loss"]) - float(r["checkpoint_val_loss"])) < 1e-3),
    "save_and_reload.py": lambda r: r["predictions_match"] == "True" and r["weights_match"] == "True",
    "gpu_placement.py": lambda r: r["trained"] == "True" and r["device"] == r["weights_on"] == "cpu",
}


def test_every_example_is_checked():
    scripts = sorted(name for name in os.listdir(EXAMPLES) if name.endswith(".py") and name != "main_job.py")
    assert scripts == sorted(CHECKS)


@pytest.mark.parametrize("script", sorted(CHECKS))
def test_example_runs_and_reaches_its_result(script, tmp_path):
    argv = [sys.executable, os.path.join(EXAMPLES, script), "--quick"]
    if script in ("callbacks.py", "save_and_reload.py"):
        argv.insert(2, str(tmp_path))
    env = dict(os.environ, KERAS_HOME=str(tmp_path / "home"), KERASTORCH_DEVICE="cpu")
    completed = subprocess.run(argv, capture_output=True, text=True, timeout=240, env=env, cwd=tmp_path)
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
    lines = [line for line in completed.stdout.splitlines() if line.startswith("result: ")]
    assert len(lines) == 1 and completed.stdout.rstrip().endswith(lines[0]), completed.stdout[-2000:]
    assert CHECKS[script](_result(lines[0])), lines[0]


def test_quick_mode_also_comes_from_the_environment(tmp_path):
    env = dict(os.environ, KERAS_HOME=str(tmp_path / "home"), KERASTORCH_DEVICE="cpu", KERASTORCH_EXAMPLES_QUICK="1")
    completed = subprocess.run([sys.executable, os.path.join(EXAMPLES, "mnist_recipe.py")], capture_output=True,
                               text=True, timeout=240, env=env, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "Epoch 3/3" in completed.stdout and "Epoch 4/" not in completed.stdout
