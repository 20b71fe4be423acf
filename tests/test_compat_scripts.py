"""Every script of the drop-in corpus (compat/scripts/) runs unmodified through `kerastorch run`.

The scripts import `keras`, `tensorflow.keras` or `tensorflow`; each must exit with status 0 and print its
results. compat/test_parity_scripts.py compares what they print with the real keras package.
"""

import importlib.util
import os

import pytest

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location("_corpus", os.path.join(_ROOT, "compat", "scripts", "_corpus.py"))
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)


def test_the_corpus_is_large_enough_and_uses_every_import_spelling():
    assert len(corpus.SCRIPTS) >= 25
    sources = [open(os.path.join(corpus.FOLDER, name)).read() for name in corpus.SCRIPTS]
    for spelling in ("import keras\n", "from keras import layers", "from tensorflow import keras",
                     "from tensorflow.keras.layers import", "import tensorflow as tf", "from keras import backend as K"):
        assert any(spelling in source for source in sources), spelling


@pytest.mark.parametrize("name", [pytest.param(n, marks=corpus.marks(n)) for n in corpus.SCRIPTS])
def test_script_runs_unmodified_under_kerastorch(name):
    result = corpus.run_all("kerastorch")[name]
    assert result.returncode == 0, f"{name} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert len(result.stdout.strip().splitlines()) >= 2
    assert "Traceback" not in result.stderr
