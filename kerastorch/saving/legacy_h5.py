"""The legacy HDF5 format of Keras 2 (tf.keras) and of Keras 3's `model.save("m.h5")`, read without TensorFlow.

A full model file has root attributes `model_config` (JSON `{"class_name", "config"}`), `training_config`
(compile arguments with an `optimizer_config`), `keras_version` and `backend`; a `model_weights` group with a
`layer_names` attribute and one group per layer whose `weight_names` attribute lists its datasets in order
(trainable weights, then non-trainable, sub-layers included); and an `optimizer_weights` group listing the
optimizer's variables the same way. A weights-only file is the `model_weights` group at the root. Long
attribute lists are split into `layer_names0`, `layer_names1`, ...

Weights load layer by layer in order (or by layer name with `by_name=True`); within a layer, by position,
so Keras 2 weight names (`depthwise_kernel`, `forward_gru/...`, `kernel:0`) need no renaming. Every layer is
checked before any value is assigned.
"""

import json
import os
import warnings

from kerastorch.utils.lazy_module import LazyModule

h5py = LazyModule("h5py")
import numpy as np

from kerastorch.distribution import _runtime
from kerastorch.saving import file_io
from kerastorch.saving import legacy_config
from kerastorch.saving import serialization_lib
from kerastorch.saving import state_loading
from kerastorch.saving import weights_h5
from kerastorch.utils import version_utils

_HEADER_LIMIT = 64512
_KERAS_VERSION = version_utils.KERAS_VERSION


# ---------------------------------------------------------------------------------------------- reading
def is_legacy(filepath):
    """Whether the HDF5 file `filepath` is in the legacy layout (not Keras 3's `.weights.h5`)."""
    with weights_h5.open_h5(filepath, "r") as f:
        return "layer_names" in f.attrs or "layer_names0" in f.attrs or "model_weights" in f or (
            "model_config" in f.attrs
        )


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray) and value.shape == ():
        return _text(value.item())
    return value


def _attribute_list(group, name):
    if name in group.attrs:
        values = group.attrs[name]
    else:
        values, chunk = [], 0
        while f"{name}{chunk}" in group.attrs:
            values.extend(list(group.attrs[f"{name}{chunk}"]))
            chunk += 1
    if isinstance(values, (str, bytes)):
        raise ValueError(f"attribute '{name}' should be a list of names, not a single string")
    return [_text(v) for v in np.asarray(values).ravel().tolist()] if len(values) else []


class _LegacyFile:
    """Checked access to the groups and datasets of a legacy file."""

    def __init__(self, h5file, source):
        self.f = h5file
        self.source = source

    def group(self, parent, name):
        reader = weights_h5.Reader(parent, self.source)
        found = reader._group(name)
        if found is None:
            raise file_io.corrupt(self.source, f"the group '{name}' listed in the file is missing")
        return found

    def names(self, group, attribute):
        try:
            return _attribute_list(group, attribute)
        except (ValueError, TypeError, OSError, KeyError) as error:
            raise file_io.corrupt(self.source, f"the attribute '{attribute}' cannot be read", error) from error

    def values(self, group):
        names = self.names(group, "weight_names")
        values = []
        for name in names:
            parent, _, leaf = name.rpartition("/")
            holder = self.group(group, parent) if parent else group
            values.append(weights_h5.Reader(holder, self.source)._dataset(holder, leaf, group.name))
        return names, values


def _weights_group(h5file):
    if "layer_names" not in h5file.attrs and "layer_names0" not in h5file.attrs and "model_weights" in h5file:
        return h5file["model_weights"]
    return h5file


def legacy_weights(layer):
    """A layer's weights in the order legacy files store them: trainable, then non-trainable."""
    return list(layer.trainable_weights) + list(layer.non_trainable_weights)


def _top_level_weights(model):
    own = set(id(v) for v in model.weights)
    return [v for v in list(model._trainable_variables) + list(model._non_trainable_variables) if id(v) in own]


def _plan_layer(plans, problems, target, variables, names, values, label):
    if len(values) != len(variables):
        problems.append(
            f"{label}: the model has {len(variables)} weight(s) but the file holds {len(values)} ({names})."
        )
        return
    pairs = []
    for variable, name, value in zip(variables, names, values):
        if tuple(value.shape) != tuple(variable.shape):
            problems.append(
                f"{label}: weight '{getattr(variable, 'path', name)}' has shape {tuple(variable.shape)} in the model "
                f"but the file's '{name}' has shape {tuple(value.shape)}."
            )
            return
        pairs.append((variable, value))
    plans.append(("assign", target, pairs, None))


def load_weights_from_group(group, model, source, by_name=False, skip_mismatch=False):
    """Loads a legacy `model_weights` group into `model`; all layers are checked before any is assigned."""
    with _runtime.loading(model):  # ModelParallel: whole-shaped weights inside, each process keeps its slice
        return _load_weights_from_group(group, model, source, by_name, skip_mismatch)


def _load_weights_from_group(group, model, source, by_name, skip_mismatch):
    legacy = _LegacyFile(group.file, source)
    layer_names = legacy.names(group, "layer_names")
    plans, problems = [], []
    if by_name:
        index = {}
        for layer in model.layers:
            index.setdefault(layer.name, []).append(layer)
        for k, name in enumerate(layer_names):
            names, values = legacy.values(legacy.group(group, name))
            for layer in index.get(name, []):
                _plan_layer(plans, problems, layer, legacy_weights(layer), names, values,
                            f"layer #{k} (named '{layer.name}')")
    else:
        layers = [layer for layer in model.layers if legacy_weights(layer)]
        stored = []
        for name in layer_names:
            names, values = legacy.values(legacy.group(group, name))
            if names:
                stored.append((name, names, values))
        if len(stored) != len(layers):
            raise ValueError(
                f"Layer count mismatch when loading weights from '{source}'. Model expected {len(layers)} layers "
                f"with weights ({[l.name for l in layers]}), found {len(stored)} saved layers "
                f"({[s[0] for s in stored]}). Nothing was loaded; pass `by_name=True` to match layers by name."
            )
        for k, (layer, (name, names, values)) in enumerate(zip(layers, stored)):
            _plan_layer(plans, problems, layer, legacy_weights(layer), names, values,
                        f"layer #{k} (named '{layer.name}' in the model, '{name}' in the file)")
    if "top_level_model_weights" in group:
        names, values = legacy.values(legacy.group(group, "top_level_model_weights"))
        variables = _top_level_weights(model)
        if values or variables:
            _plan_layer(plans, problems, model, variables, names, values, "top-level model weights")
    if problems:
        if not skip_mismatch:
            details = "\n".join(f"- {p}" for p in problems[:10])
            raise ValueError(
                f"Cannot load weights from '{source}' into model '{model.name}': {len(problems)} layer(s) do not "
                f"match, so nothing was loaded.\n{details}\nPass `skip_mismatch=True` to skip them. "
                f"Received: skip_mismatch={skip_mismatch}"
            )
        for problem in problems:
            warnings.warn(f"Skipping loading weights from '{source}': {problem}", stacklevel=4)
    return state_loading._apply(plans)


def load_weights(model, filepath, by_name=False, skip_mismatch=False):
    """`model.load_weights("w.h5")` for a legacy file (full model file or weights-only)."""
    with weights_h5.open_h5(filepath, "r") as f:
        return load_weights_from_group(_weights_group(f), model, filepath, by_name, skip_mismatch)


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Rebuilds, loads and (if it was compiled and `compile`) compiles the model of a legacy `.h5` file."""
    with weights_h5.open_h5(filepath, "r") as f:
        raw = f.attrs.get("model_config")
        if raw is None:
            raise ValueError(
                f"No model config found in the file at {filepath}: it holds weights only. Build the model in code "
                f"and call `model.load_weights()`. Received: filepath={filepath!r}"
            )
        try:
            config = json.loads(_text(raw))
        except (ValueError, TypeError) as error:
            raise file_io.corrupt(filepath, "its model_config attribute is not valid JSON", error) from error
        if not isinstance(config, dict) or "class_name" not in config:
            raise file_io.corrupt(filepath, "its model_config attribute does not describe a model")
        translated = legacy_config.translate(config, "keras")
        with serialization_lib.SafeModeScope(safe_mode):
            model = serialization_lib.deserialize_keras_object(translated, custom_objects=custom_objects,
                                                               safe_mode=safe_mode)
        if "model_weights" not in f:
            raise file_io.corrupt(filepath, "the file has a model_config but no model_weights group")
        load_weights_from_group(f["model_weights"], model, filepath)
        if not compile:
            return model
        training = f.attrs.get("training_config")
        if training is None:
            warnings.warn("No training configuration found in the save file, so the model was *not* compiled. "
                          "Compile it manually.", stacklevel=3)
            return model
        try:
            training = json.loads(_text(training))
        except (ValueError, TypeError) as error:
            raise file_io.corrupt(filepath, "its training_config attribute is not valid JSON", error) from error
        model.compile(**compile_args_from_training_config(training, model, custom_objects))
        if "optimizer_weights" in f and getattr(model, "optimizer", None) is not None:
            _load_optimizer_weights(model, _LegacyFile(f, filepath), f["optimizer_weights"], filepath)
    return model


def compile_args_from_training_config(training, model, custom_objects=None):
    """`compile()` arguments from a legacy `training_config` (Keras 2 or Keras 3)."""
    optimizer_config = legacy_config.translate(training["optimizer_config"], "keras.optimizers")
    optimizer = serialization_lib.deserialize_keras_object(optimizer_config, custom_objects=custom_objects)
    single_output = len(getattr(model, "outputs", None) or [None]) == 1

    def per_output(value):
        # Keras 2 stored compiled metrics per output: [[...]] for a one-output model.
        if single_output and isinstance(value, list) and len(value) == 1 and isinstance(value[0], list):
            return value[0]
        return value

    def deserialize(value):
        if isinstance(value, list):
            return [deserialize(v) for v in value]
        if isinstance(value, dict) and "class_name" not in value:
            return {k: deserialize(v) for k, v in value.items()}
        if isinstance(value, dict):
            return serialization_lib.deserialize_keras_object(value, custom_objects=custom_objects)
        return value

    return {
        "optimizer": optimizer,
        "loss": deserialize(legacy_config.translate_loss(training.get("loss"))),
        "metrics": per_output(deserialize(legacy_config.translate_metrics(training.get("metrics")))),
        "weighted_metrics": per_output(deserialize(legacy_config.translate_metrics(training.get("weighted_metrics")))),
        "loss_weights": training.get("loss_weights"),
    }


def _load_optimizer_weights(model, legacy, group, source):
    optimizer = model.optimizer
    optimizer.build(model.trainable_variables)
    names, values = legacy.values(group)
    variables = list(optimizer.variables)
    if names and len(values) == len(variables) - 1 and _base(names[0]) in ("iteration", "iter", "iterations"):
        # tf.keras 2.11+ optimizers have no learning_rate variable: keep the current one.
        names = [names[0], "learning_rate"] + names[1:]
        values = [values[0], variables[1].detach().cpu().numpy()] + values[1:]
    ok = len(values) == len(variables) and all(
        tuple(np.shape(v)) == tuple(var.shape) for v, var in zip(values, variables)
    )
    if not ok:
        warnings.warn(
            f"Error in loading the saved optimizer state from '{source}' ({len(values)} saved variables for "
            f"{len(variables)} in optimizer '{optimizer.name}'). As a result, your model is starting with a freshly "
            "initialized optimizer.",
            stacklevel=3,
        )
        return
    state_loading._apply([("assign", optimizer, list(zip(variables, values)), None)])


def _base(name):
    return name.rsplit("/", 1)[-1].split(":")[0]


# ---------------------------------------------------------------------------------------------- writing
def _write_names(group, attribute, names):
    encoded = [name.encode("utf-8") for name in names]
    too_long = [n for n in encoded if len(n) > _HEADER_LIMIT]
    if too_long:
        raise ValueError(f"These names are too long for an HDF5 attribute (> {_HEADER_LIMIT} bytes): {too_long}")
    data = np.asarray(encoded) if encoded else np.asarray([], dtype="S1")
    chunks = 1
    pieces = np.array_split(data, chunks)
    while any(p.nbytes > _HEADER_LIMIT for p in pieces):
        chunks += 1
        pieces = np.array_split(data, chunks)
    if chunks > 1:
        for i, piece in enumerate(pieces):
            group.attrs[f"{attribute}{i}"] = piece
    else:
        group.attrs[attribute] = data


def _write_subset(group, variables):
    names, used = [], set()
    for i, variable in enumerate(variables):
        name = str(getattr(variable, "path", None) or getattr(variable, "name", None) or f"weight_{i}")
        if name in used:
            name = f"{name}_{i}"
        used.add(name)
        names.append(name)
    _write_names(group, "weight_names", names)
    for name, variable in zip(names, variables):
        value = variable.detach().cpu().numpy() if hasattr(variable, "detach") else np.asarray(variable)
        group.create_dataset(name, data=value)


def write_weights_group(group, model):
    _write_names(group, "layer_names", [layer.name for layer in model.layers])
    group.attrs["backend"] = b"torch"
    group.attrs["keras_version"] = _KERAS_VERSION.encode("utf-8")
    for layer in sorted(model.layers, key=lambda layer: layer.name):
        _write_subset(group.create_group(layer.name), legacy_weights(layer))
    _write_subset(group.create_group("top_level_model_weights"), _top_level_weights(model))


def save_weights(model, filepath):
    """Writes the legacy weights-only layout (`layer_names` at the root)."""
    with file_io.atomic_write(filepath) as temp_path:
        with h5py.File(temp_path, "w") as f:
            write_weights_group(f, model)


def save_model(model, filepath, include_optimizer=True):
    """Writes `model` in the legacy HDF5 format, as Keras 3's `model.save("m.h5")` does."""
    from kerastorch.saving.object_registration import get_registered_name

    model_config = {"class_name": type(model).__name__, "config": model.get_config()}
    with file_io.atomic_write(filepath) as temp_path:
        with h5py.File(temp_path, "w") as f:
            f.attrs["keras_version"] = _KERAS_VERSION
            f.attrs["backend"] = "torch"
            f.attrs["model_config"] = json.dumps(model_config)
            optimizer = getattr(model, "optimizer", None)
            if include_optimizer and optimizer is not None and getattr(model, "compiled", False):
                training = dict(model.get_compile_config())
                training.pop("optimizer", None)
                training["optimizer_config"] = {"class_name": get_registered_name(type(optimizer)),
                                                "config": serialization_lib.serialize_keras_object(
                                                    optimizer.get_config())}
                f.attrs["training_config"] = json.dumps(training)
            write_weights_group(f.create_group("model_weights"), model)
            if include_optimizer and optimizer is not None and optimizer.variables:
                _write_subset(f.create_group("optimizer_weights"), list(optimizer.variables))
    return os.fspath(filepath)
