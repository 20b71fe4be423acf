"""Weights as `.safetensors`: a flat, pickle-free file readable by the plain `safetensors` package.

Tensors are keyed by Keras weight path: the names of the layers from the model down, then the weight's
name (`"dense/kernel"`, `"inner/dense_2/bias"`, `"lstm/lstm_cell/recurrent_kernel"`), and the optimizer's
variables by theirs (`"adam/iteration"`). The header metadata (strings only) holds:

- `format`: `"keras"`;
- `keras_config`: the model's config JSON (what `config.json` holds in a `.keras` archive), so
  `keras.models.load_model("m.safetensors")` can rebuild the model;
- `keras_layout`: JSON mapping each key to its place in Keras's weights-file layout
  (`"layers/dense/vars/0"`), so conversion to and from `.weights.h5` is exact.

A file without `keras_layout` (written by other tools) loads when its keys are the model's weight paths.
"""

import json
import os

import numpy as np
import torch

from kerastorch.saving import file_io
from kerastorch.saving import keras_archive
from kerastorch.saving import saveable_walk
from kerastorch.saving import state_loading


def _entries(model):
    """`[(key, store_path, store_key, array)]` for every stored value of `model`, in walk order."""
    entries, used = [], set()
    for path, obj, names in saveable_walk.walk(model, with_names=True):
        values = saveable_walk.save_own(obj)
        labels = _labels(obj, values)
        for store_key, value in values.items():
            key = "/".join(names + (labels.get(store_key, store_key),))
            if key in used:
                key = f"{key}_{store_key}"
                suffix = 1
                while key in used:
                    key, suffix = f"{key}_{suffix}", suffix + 1
            used.add(key)
            entries.append((key, path, store_key, value))
    return entries


def _labels(obj, values):
    """Store key -> weight name for an object's own variables (`"0"` -> `"kernel"`)."""
    if saveable_walk.has_custom_store(obj) or saveable_walk._wrapped_torch_module(obj) is not None:
        return {}
    variables = saveable_walk.own_variables(obj)
    return {str(i): str(getattr(v, "name", None) or i) for i, v in enumerate(variables) if str(i) in values}


def _layout_path(path, store_key):
    return f"{path}/vars/{store_key}" if path else f"vars/{store_key}"


def save_weights(model, filepath):
    """Writes `model`'s weights (and optimizer variables) to the `.safetensors` file `filepath`."""
    from safetensors.torch import save_file

    if not model.built:
        raise ValueError(
            "You are saving a model that has not yet been built. Try building the model first by calling it on "
            f"some data or by using `build()`. Received: filepath={os.fspath(filepath)!r}"
        )
    tensors, layout = {}, {}
    for key, path, store_key, value in _entries(model):
        tensors[key] = torch.from_numpy(np.ascontiguousarray(value))
        layout[key] = _layout_path(path, store_key)
    metadata = {"format": "keras", "keras_version": keras_archive.KERAS_VERSION,
                "keras_layout": json.dumps(layout)}
    try:
        metadata["keras_config"] = keras_archive.model_to_config_json(model)
    except (NotImplementedError, TypeError, ValueError):
        pass  # a model without a config still saves its weights
    with file_io.atomic_write(filepath) as temp_path:
        save_file(tensors, temp_path, metadata=metadata)


def read(filepath):
    """`(tensors as NumPy arrays, metadata)` of a safetensors file, with errors naming the file."""
    from safetensors import safe_open

    arrays = {}
    try:
        with safe_open(os.fspath(filepath), framework="pt") as f:
            metadata = f.metadata() or {}
            for key in f.keys():
                tensor = f.get_tensor(key)
                if tensor.dtype == torch.bfloat16:
                    tensor = tensor.float()
                arrays[key] = tensor.numpy()
    except Exception as error:  # noqa: BLE001 - safetensors raises its own SafetensorError for bad files
        raise file_io.corrupt(filepath, "it is not a readable safetensors file (truncated or corrupt?)",
                              error) from error
    return arrays, metadata


class _Reader:
    def __init__(self, groups):
        self.groups = groups

    def get(self, path):
        return self.groups.get(path, {})


def _reader_for(model, arrays, metadata, source):
    groups = {}
    layout = metadata.get("keras_layout")
    if layout:
        try:
            layout = json.loads(layout)
        except ValueError as error:
            raise file_io.corrupt(source, "its keras_layout metadata is not valid JSON", error) from error
        for key, where in layout.items():
            if key not in arrays:
                raise file_io.corrupt(source, f"its keras_layout lists '{key}' but the file has no such tensor")
            path, _, store_key = str(where).rpartition("/")
            path = path[: -len("vars")].rstrip("/") if path.endswith("vars") else path
            groups.setdefault(path, {})[store_key] = arrays[key]
        return _Reader(groups)
    # No layout: the keys are the model's own weight paths (optimizer variables may be absent).
    expected = _entries(model)
    optimizer_paths = {path for path, obj in saveable_walk.walk(model) if state_loading._is_optimizer(obj)}
    missing = [key for key, path, *_ in expected if key not in arrays and path not in optimizer_paths]
    if missing:
        unexpected = sorted(set(arrays) - {key for key, *_ in expected})
        raise ValueError(
            f"Cannot load '{source}': its tensor names do not match the model's weight paths. Missing: "
            f"{missing[:10]}; unexpected: {unexpected[:10]}. Received: keys={sorted(arrays)[:10]}"
        )
    for key, path, store_key, _ in expected:
        if key in arrays:
            groups.setdefault(path, {})[store_key] = arrays[key]
    return _Reader(groups)


def load_weights(model, filepath, skip_mismatch=False):
    """Loads a `.safetensors` weights file into the built `model`."""
    filepath = os.fspath(filepath)
    if not model.built:
        raise ValueError(
            "You are loading weights into a model that has not yet been built. Try building the model first by "
            f"calling it on some data or by using `build()`. Received: filepath={filepath!r}"
        )
    arrays, metadata = read(filepath)
    return state_loading.load_into(model, _reader_for(model, arrays, metadata, filepath), filepath, skip_mismatch)


def load_model(filepath, custom_objects=None, safe_mode=True):
    """Rebuilds the model from the `keras_config` metadata of a `.safetensors` file, then loads its weights."""
    filepath = os.fspath(filepath)
    arrays, metadata = read(filepath)
    config = metadata.get("keras_config")
    if not config:
        raise ValueError(
            f"The safetensors file '{filepath}' holds weights only (no `keras_config` metadata). Build the model "
            f"in code and call `model.load_weights()`. Received: filepath={filepath!r}"
        )
    model = keras_archive.model_from_config_json(config, filepath, custom_objects, compile=False, safe_mode=safe_mode)
    state_loading.load_into(model, _reader_for(model, arrays, metadata, filepath), filepath, include_optimizer=False)
    return model
