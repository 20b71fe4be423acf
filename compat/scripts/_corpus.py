"""Runs the drop-in corpus (compat/scripts/*.py) in subprocesses, under kerastorch or the real keras package.

Shared by tests/test_compat_scripts.py and compat/test_parity_scripts.py. Scripts run concurrently (one per
core) so the whole corpus takes a few minutes; each run is cached per process, so a session that runs both
test files runs the kerastorch side once.
"""

import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

import pytest

FOLDER = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = sorted(name for name in os.listdir(FOLDER) if name.endswith(".py") and not name.startswith("_"))
TIMEOUT = 300

# Under the real keras, `tensorflow` / `tensorflow.keras...` are answered by the real keras package, so that the
# corpus's tf.keras spellings run without TensorFlow (the corpus uses nothing from TensorFlow beyond tf.keras).
_REFERENCE_RUNNER = r"""
import importlib, importlib.abc, importlib.util, runpy, sys, types

class TfKerasAlias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path=None, target=None):
        if name == "tensorflow" or name == "tensorflow.keras" or name.startswith("tensorflow.keras."):
            return importlib.util.spec_from_loader(name, self, is_package=True)
        return None

    def create_module(self, spec):
        if spec.name == "tensorflow":
            module = types.ModuleType("tensorflow")
            module.__path__ = []
            module.keras = importlib.import_module("keras")
            return module
        return importlib.import_module("keras" + spec.name[len("tensorflow.keras"):])

    def exec_module(self, module):
        pass

sys.meta_path.insert(0, TfKerasAlias())
# Keras looks for TensorFlow itself (to seed it, to recognise tf.data); the alias is for the script only.
from keras.src.utils import module_utils
module_utils.tensorflow._available = False
path = sys.argv[1]
sys.argv = [path]
sys.path.insert(0, __import__("os").path.dirname(path))
runpy.run_path(path, run_name="__main__")
"""

# Known kerastorch bugs, reported to the lead; strict, so a fix turns these into failures to remove the mark.
KNOWN_FAILURES = {}
# Scripts that run but print different numbers than real Keras.
KNOWN_PARITY_FAILURES = {}


def marks(name, parity=False):
    reason = KNOWN_FAILURES.get(name) or (KNOWN_PARITY_FAILURES.get(name) if parity else None)
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


_cache = {}


def _environment(home):
    env = dict(os.environ, KERAS_HOME=home, KERAS_BACKEND="torch", KERASTORCH_DEVICE="cpu",
               CUDA_VISIBLE_DEVICES="", PYTHONHASHSEED="0", OMP_NUM_THREADS="1")
    env.pop("KERASTORCH_EXAMPLES_QUICK", None)
    return env


def _run_one(name, engine):
    path = os.path.join(FOLDER, name)
    if engine == "kerastorch":
        argv = [sys.executable, "-m", "kerastorch", "run", path]
    else:
        argv = [sys.executable, "-c", _REFERENCE_RUNNER, path]
    with tempfile.TemporaryDirectory(prefix="kerastorch-corpus-") as home:
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT, env=_environment(home),
                                  cwd=home)
        except subprocess.TimeoutExpired as error:
            return subprocess.CompletedProcess(argv, -9, error.stdout or "", f"timed out after {TIMEOUT}s")


def run_all(engine):
    """Every script's CompletedProcess under `engine` ("kerastorch" or "keras"), keyed by file name."""
    if engine not in _cache:
        workers = max(1, min(len(SCRIPTS), os.cpu_count() or 1))
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            results = pool.map(lambda name: _run_one(name, engine), SCRIPTS)
            _cache[engine] = dict(zip(SCRIPTS, results))
    return _cache[engine]


_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|nan|inf")


def tolerance(name):
    """`(rtol, atol)` for a script: 1e-4 / 1e-6 unless it has a `# parity: rtol=... atol=...` line."""
    with open(os.path.join(FOLDER, name)) as f:
        match = re.search(r"#\s*parity:\s*rtol=([0-9.eE+-]+)(?:\s+atol=([0-9.eE+-]+))?", f.read())
    if not match:
        return 1e-4, 1e-6
    return float(match.group(1)), float(match.group(2) or 1e-6)


def split_numbers(line):
    """The line's text with each number replaced by `#`, and the numbers."""
    numbers = [float(token) for token in _NUMBER.findall(line)]
    return _NUMBER.sub("#", line), numbers
