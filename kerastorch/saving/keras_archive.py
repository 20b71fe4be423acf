"""The Keras 3 formats: the `.keras` zip archive and the `.weights.h5` file.

A `.keras` archive holds `metadata.json` (`keras_version`, `date_saved`), `config.json` (the model serialized
with `serialize_keras_object`, including its `compile_config` and `build_config`) and `model.weights.h5`
(see `weights_h5`), stored uncompressed, exactly as real Keras writes it, so either library opens the
other's files. Loading reads the config (never code: Lambda bytecode only with `safe_mode=False`), rebuilds
and compiles the model, builds the optimizer, then loads every value, all checked before any is assigned.
"""

import datetime
import io
import json
import os
import warnings
import zipfile

import numpy as np

from kerastorch.saving import file_io
from kerastorch.saving import serialization_lib
from kerastorch.saving import state_loading
from kerastorch.saving import weights_h5
from kerastorch.utils import version_utils

CONFIG_FILENAME = "config.json"
METADATA_FILENAME = "metadata.json"
WEIGHTS_FILENAME = "model.weights.h5"
WEIGHTS_NPZ_FILENAME = "model.weights.npz"
# The Keras version whose format and API kerastorch writes.
KERAS_VERSION = version_utils.KERAS_VERSION
_MAX_CONFIG_BYTES = 1 << 30
_MAX_EXPANSION = 100


# ---------------------------------------------------------------------------------------------- config
def model_to_config_json(model):
    return json.dumps(serialization_lib.serialize_keras_object(model))


def metadata_json():
    return json.dumps({"keras_version": KERAS_VERSION,
                       "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S")})


def model_from_config_json(config_json, source, custom_objects=None, compile=True, safe_mode=True):
    """Rebuilds (and, if `compile` and the config has a compile config, compiles) the model in `config_json`."""
    try:
        config = json.loads(config_json)
    except (ValueError, UnicodeDecodeError) as error:
        raise file_io.corrupt(source, f"its {CONFIG_FILENAME} is not valid JSON", error) from error
    if not isinstance(config, dict) or "class_name" not in config or "config" not in config:
        raise file_io.corrupt(source, f"its {CONFIG_FILENAME} does not describe a Keras object")
    compile_config = config.pop("compile_config", None)
    model = serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects, safe_mode=safe_mode)
    from kerastorch.models.model import Model

    if not isinstance(model, Model):
        raise file_io.corrupt(source, f"its config describes a {type(model).__name__}, not a model")
    if compile and compile_config:
        compile_from_config(model, compile_config, custom_objects)
    return model


def compile_from_config(model, config, custom_objects=None):
    """Compiles `model` with the arguments of its saved `compile_config`, then builds the optimizer so that
    its saved state can be loaded (as Keras's `Model.compile_from_config`)."""
    from kerastorch.trainers.trainer import Trainer

    if type(model).compile is not Trainer.compile:
        warnings.warn(
            "`compile()` was not called as part of model loading because the model's `compile()` method is "
            "custom. All subclassed Models that have `compile()` overridden should also override "
            "`get_compile_config()` and `compile_from_config(config)`. Alternatively, you can call `compile()` "
            "manually after loading.",
            stacklevel=3,
        )
        return
    arguments = serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects)
    if not isinstance(arguments, dict):
        raise ValueError(f"A compile config must be a dict of `compile()` arguments. Received: {config!r}")
    arguments = {key: value for key, value in arguments.items() if value is not None or key == "loss"}
    model.compile(**arguments)
    if getattr(model, "optimizer", None) is not None and model.built:
        model.optimizer.build(model.trainable_variables)


# ---------------------------------------------------------------------------------------------- .keras
def save_model(model, filepath):
    """Writes `model` to the `.keras` archive `filepath` (atomically)."""
    if not model.built:
        warnings.warn(
            "You are saving a model that has not yet been built. It might not contain any weights yet. "
            "Consider building the model first by calling it on some data.",
            stacklevel=3,
        )
    config = model_to_config_json(model)
    weights = io.BytesIO()
    with weights_h5.open_h5(weights, "w") as h5file:
        weights_h5.write(h5file, model)
    with file_io.atomic_write(filepath) as temp_path:
        with zipfile.ZipFile(temp_path, "w") as archive:
            archive.writestr(METADATA_FILENAME, metadata_json())
            archive.writestr(CONFIG_FILENAME, config)
            archive.writestr(WEIGHTS_FILENAME, weights.getvalue())


def save_model_folder(model, folder):
    """Writes the three members of a `.keras` archive as files of the folder `folder` (`zipped=False`)."""
    os.makedirs(folder, exist_ok=True)
    for name, payload in ((METADATA_FILENAME, metadata_json()), (CONFIG_FILENAME, model_to_config_json(model))):
        with file_io.atomic_write(os.path.join(folder, name)) as temp_path:
            with open(temp_path, "w") as f:
                f.write(payload)
    with file_io.atomic_write(os.path.join(folder, WEIGHTS_FILENAME)) as temp_path:
        with weights_h5.open_h5(temp_path, "w") as h5file:
            weights_h5.write(h5file, model)


def read_archive(filepath):
    """`(config_json, weights_reader_factory)` of a `.keras` archive, checked for bad or hostile members."""
    try:
        archive = zipfile.ZipFile(filepath, "r")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise file_io.corrupt(filepath, "it is not a readable .keras (zip) archive (truncated or corrupt?)",
                              error) from error
    with archive:
        names = archive.namelist()
        if CONFIG_FILENAME not in names:
            raise file_io.corrupt(filepath, f"the archive has no {CONFIG_FILENAME}, so it is not a .keras file")
        config_json = _read_member(archive, CONFIG_FILENAME, filepath)
        if WEIGHTS_FILENAME in names:
            weights = ("h5", _read_member(archive, WEIGHTS_FILENAME, filepath))
        elif WEIGHTS_NPZ_FILENAME in names:
            weights = ("npz", _read_member(archive, WEIGHTS_NPZ_FILENAME, filepath))
        else:
            raise file_io.corrupt(filepath, f"the archive has neither {WEIGHTS_FILENAME} nor {WEIGHTS_NPZ_FILENAME}")
    return config_json, weights


def _read_member(archive, name, filepath):
    info = archive.getinfo(name)
    if info.file_size > _MAX_CONFIG_BYTES and info.file_size > _MAX_EXPANSION * max(info.compress_size, 1):
        raise file_io.corrupt(filepath, f"member '{name}' declares {info.file_size} bytes but stores "
                                        f"{info.compress_size}; refusing a potential decompression bomb")
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as error:
        raise file_io.corrupt(filepath, f"member '{name}' of the archive cannot be read", error) from error


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Reads a `.keras` archive (or an unzipped `.keras` folder) written by kerastorch or by Keras 3."""
    filepath = os.fspath(filepath)
    if os.path.isdir(filepath):
        config_json, weights = _read_folder(filepath)
    else:
        config_json, weights = read_archive(filepath)
    model = model_from_config_json(config_json, filepath, custom_objects, compile, safe_mode)
    load_stored_weights(model, weights, filepath)
    return model


def _read_folder(folder):
    with open(os.path.join(folder, CONFIG_FILENAME), "rb") as f:
        config_json = f.read()
    for kind, name in (("h5", WEIGHTS_FILENAME), ("npz", WEIGHTS_NPZ_FILENAME)):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            with open(path, "rb") as f:
                return config_json, (kind, f.read())
    raise file_io.corrupt(folder, f"the folder has neither {WEIGHTS_FILENAME} nor {WEIGHTS_NPZ_FILENAME}")


def load_stored_weights(model, weights, source, skip_mismatch=False):
    kind, payload = weights
    if kind == "npz":
        return state_loading.load_into(model, _NpzReader(payload, source), source, skip_mismatch)
    with weights_h5.open_h5(io.BytesIO(payload), "r") as h5file:
        return state_loading.load_into(model, weights_h5.Reader(h5file, source), source, skip_mismatch)


class _NpzReader:
    """Keras's alternative `model.weights.npz`: arrays keyed `"<path>/<i>"` (no pickle allowed)."""

    def __init__(self, payload, source):
        try:
            with np.load(io.BytesIO(payload), allow_pickle=False) as npz:
                self.arrays = {key: npz[key] for key in npz.files}
        except (ValueError, OSError, EOFError, zipfile.BadZipFile) as error:
            raise file_io.corrupt(source, f"its {WEIGHTS_NPZ_FILENAME} cannot be read", error) from error

    def get(self, path):
        prefix = f"{path}/" if path else ""
        found = {}
        for key, value in self.arrays.items():
            if key.startswith(prefix) and "/" not in key[len(prefix):]:
                found[key[len(prefix):]] = value
        return found


# ---------------------------------------------------------------------------------------------- .weights.h5
def save_weights(model, filepath):
    """Writes the values of every saveable of `model` (optimizer included) to `filepath` (`.weights.h5`)."""
    if not model.built:
        raise ValueError(
            "You are saving a model that has not yet been built. Try building the model first by calling it on "
            f"some data or by using `build()`. Received: filepath={os.fspath(filepath)!r}"
        )
    with file_io.atomic_write(filepath) as temp_path:
        with weights_h5.open_h5(temp_path, "w") as h5file:
            weights_h5.write(h5file, model)


def load_weights(model, filepath, skip_mismatch=False):
    """Loads a `.weights.h5` file, or the weights inside a `.keras` archive, into the built `model`."""
    filepath = os.fspath(filepath)
    if not model.built:
        raise ValueError(
            "You are loading weights into a model that has not yet been built. Try building the model first by "
            f"calling it on some data or by using `build()`. Received: filepath={filepath!r}"
        )
    kind = file_io.sniff(filepath)
    if kind == "keras":
        _, weights = read_archive(filepath)
        return load_stored_weights(model, weights, filepath, skip_mismatch)
    if kind != "hdf5":
        raise file_io.corrupt(filepath, f"expected a Keras weights file (HDF5), found a file of kind '{kind}'")
    with weights_h5.open_h5(filepath, "r") as h5file:
        return state_loading.load_into(model, weights_h5.Reader(h5file, filepath), filepath, skip_mismatch)
