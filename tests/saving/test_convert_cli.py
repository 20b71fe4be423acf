import os
import subprocess
import sys

import numpy as np
import pytest

from kerastorch.__main__ import main
from kerastorch.saving import saving_api
from tests.saving.helpers import fixture_io
from tests.saving.helpers import fixture_path


@pytest.mark.parametrize("target", ["m.keras", "m.h5", "m.safetensors"])
def test_convert_legacy_model_to_model_formats(tmp_path, capsys, target):
    data = fixture_io("legacy_cnn")
    out = str(tmp_path / target)
    assert main(["convert", fixture_path("legacy_cnn.h5"), out]) == 0
    printed = capsys.readouterr().out
    assert "Converted" in printed and "10 layers" in printed and "161 parameters" in printed
    model = saving_api.load_model(out)
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y"], atol=1e-5)


def test_convert_weights_only_needs_and_uses_the_architecture(tmp_path, capsys):
    data = fixture_io("keras3_sequential")
    weights = fixture_path("keras3_sequential.weights.h5")
    assert main(["convert", weights, str(tmp_path / "w.safetensors")]) == 1
    assert "--model ARCH" in capsys.readouterr().err
    out = str(tmp_path / "w.safetensors")
    assert main(["convert", weights, out, "--model", fixture_path("keras3_sequential.keras")]) == 0
    model = saving_api.load_model(fixture_path("keras3_sequential.keras"))
    model.load_weights(out) if hasattr(model, "load_weights") else saving_api.load_weights(model, out)
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y"], atol=1e-6)


def test_convert_exports_state_dict_and_reads_it_back(tmp_path):
    import torch

    pt = str(tmp_path / "m.pt")
    assert main(["convert", fixture_path("keras3_nested.keras"), pt]) == 0
    state = torch.load(pt, weights_only=True)
    assert state and all(type(v) is torch.Tensor for v in state.values())
    back = str(tmp_path / "back.keras")
    assert main(["convert", pt, back, "--model", fixture_path("keras3_nested.keras")]) == 0
    data = fixture_io("keras3_nested")
    np.testing.assert_allclose(saving_api.load_model(back).predict(data["x"], verbose=0), data["y"], atol=1e-6)


def test_convert_failures_exit_non_zero_with_a_message(tmp_path, capsys):
    bogus = tmp_path / "bogus.keras"
    bogus.write_bytes(b"not a model at all")
    assert main(["convert", str(bogus), str(tmp_path / "o.keras")]) == 1
    assert "bogus.keras" in capsys.readouterr().err
    assert main(["convert", fixture_path("legacy_cnn.h5"), str(tmp_path / "o.txt")]) == 1
    assert "Unsupported output file extension" in capsys.readouterr().err
    assert main([]) == 2


def test_python_dash_m_entry_point(tmp_path):
    out = str(tmp_path / "m.keras")
    result = subprocess.run([sys.executable, "-m", "kerastorch", "convert", fixture_path("legacy_mlp.h5"), out],
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "KERASTORCH_DEVICE": "cpu"})
    assert result.returncode == 0, result.stderr
    assert "Converted" in result.stdout and os.path.exists(out)
