"""Mutated and truncated files: loading either succeeds or raises a ValueError naming the file.

Documented errors: `ValueError` (bad or mismatched content) and `FileNotFoundError` (no file). Nothing else
may escape (no h5py OSError, no zipfile or JSON error, no crash), and nothing is unpickled.
"""

import os
import shutil
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from kerastorch.saving import saving_api
from tests.saving.helpers import fixture_path
from tests.saving.helpers import mlp

_SOURCES = {
    "keras": fixture_path("keras3_sequential.keras"),
    "weights.h5": fixture_path("keras3_sequential.weights.h5"),
    "h5": fixture_path("legacy_mlp.h5"),
}


def _safetensors_source(tmp_dir):
    path = os.path.join(tmp_dir, "source.safetensors")
    if not os.path.exists(path):
        model = saving_api.load_model(_SOURCES["keras"])
        saving_api.save_weights(model, path)
    return path


def _target_model():
    import kerastorch as keras

    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, activation="tanh"), keras.layers.Dense(2)])


def _load(kind, path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if kind in ("keras", "h5"):
            return saving_api.load_model(path)
        return saving_api.load_weights(_target_model(), path)


def _check(kind, path):
    try:
        _load(kind, path)
    except ValueError as error:
        assert os.path.basename(path) in str(error) or "Received" in str(error), str(error)


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory):
    return str(tmp_path_factory.mktemp("fuzz"))


@pytest.mark.parametrize("kind", ["keras", "weights.h5", "h5", "safetensors"])
@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.5, 0.9, 0.999])
def test_truncated_files_give_a_clear_error(kind, fraction, fuzz_dir):
    source = _safetensors_source(fuzz_dir) if kind == "safetensors" else _SOURCES[kind]
    data = open(source, "rb").read()
    path = os.path.join(fuzz_dir, f"truncated_{fraction}.{kind}")
    with open(path, "wb") as f:
        f.write(data[: int(len(data) * fraction)])
    with pytest.raises(ValueError, match="truncated_"):
        _load(kind, path)


@pytest.mark.parametrize("kind", ["keras", "weights.h5", "h5", "safetensors"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_files_only_raise_documented_errors(kind, data, fuzz_dir):
    source = _safetensors_source(fuzz_dir) if kind == "safetensors" else _SOURCES[kind]
    raw = bytearray(open(source, "rb").read())
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] = data.draw(st.integers(0, 255))
    path = os.path.join(fuzz_dir, f"mutated.{kind}")
    with open(path, "wb") as f:
        f.write(bytes(raw))
    _check(kind, path)


def test_wrong_kind_of_file_is_named(tmp_path):
    text = tmp_path / "model.keras"
    text.write_text("hello")
    with pytest.raises(ValueError, match="model.keras.*unrecognised bytes"):
        saving_api.load_model(str(text))
    weights = tmp_path / "w.weights.h5"
    shutil.copy(_SOURCES["keras"], weights)  # a .keras archive under a weights name still loads its weights
    saving_api.load_weights(_target_model(), str(weights))
    with pytest.raises(ValueError, match="holds weights only"):
        saving_api.load_model(fixture_path("legacy_mlp_weights.h5"))


def test_torch_pickle_is_never_loaded_as_a_model(tmp_path):
    import torch

    path = str(tmp_path / "evil.keras")
    torch.save({"a": torch.zeros(1)}, path)
    with pytest.raises(ValueError, match="never unpickled"):
        saving_api.load_model(path)


def test_missing_file():
    with pytest.raises(FileNotFoundError):
        saving_api.load_model("/nonexistent/model.keras")
