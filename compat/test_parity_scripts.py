"""The drop-in corpus under real Keras (torch backend) and under kerastorch prints the same lines.

Each script in compat/scripts/ runs twice in fresh processes: through `kerastorch run`, and under the real
keras package (where `tensorflow.keras` imports are answered by keras itself; see `_corpus.py`). The outputs
must have the same lines with the same text; the numbers in them must agree within rtol 1e-4 / atol 1e-6
unless the script says `# parity: rtol=... atol=...`.
"""

import importlib.util
import os

import numpy as np
import pytest

_spec = importlib.util.spec_from_file_location(
    "_corpus", os.path.join(os.path.dirname(os.path.abspath(__file__)), "scripts", "_corpus.py"))
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)


@pytest.mark.parametrize("name", [pytest.param(n, marks=corpus.marks(n, parity=True)) for n in corpus.SCRIPTS])
def test_script_prints_the_same_numbers_as_real_keras(name):
    reference = corpus.run_all("keras")[name]
    assert reference.returncode == 0, f"real keras cannot run {name}:\n{reference.stderr[-3000:]}"
    ours = corpus.run_all("kerastorch")[name]
    assert ours.returncode == 0, f"{name} failed under kerastorch:\n{ours.stderr[-3000:]}"
    rtol, atol = corpus.tolerance(name)
    expected_lines, actual_lines = reference.stdout.splitlines(), ours.stdout.splitlines()
    assert len(actual_lines) == len(expected_lines), f"{name}:\n{ours.stdout}\n--- real keras:\n{reference.stdout}"
    for expected, actual in zip(expected_lines, actual_lines):
        expected_text, expected_numbers = corpus.split_numbers(expected)
        actual_text, actual_numbers = corpus.split_numbers(actual)
        assert actual_text == expected_text, f"{name}: text differs\n  kerastorch: {actual}\n  real keras: {expected}"
        np.testing.assert_allclose(actual_numbers, expected_numbers, rtol=rtol, atol=atol, equal_nan=True,
                                   err_msg=f"{name}:\n  kerastorch: {actual}\n  real keras: {expected}")
