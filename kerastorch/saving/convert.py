"""`kerastorch convert IN OUT`: converts models and weights between Keras file formats.

Formats, by file name: `.keras` (Keras 3 archive), `.h5` / `.hdf5` (legacy Keras 2 HDF5, full model or
weights only), `.weights.h5` (Keras 3 weights), `.safetensors`, and `.pt` / `.pth` (a plain torch
`state_dict` of tensors, for use without kerastorch: `torch.load(path, weights_only=True)`).

A file that holds a model (`.keras`, a full `.h5`, a `.safetensors` with its config) converts to any format.
A weights-only file needs the architecture: `--model ARCH`, a model file whose architecture (and weights, which
are then replaced) is used. Loading never runs code from a file unless `--unsafe` is given (a Lambda layer's
bytecode); `.pt` input is read with `torch.load(weights_only=True)` only.
"""

import os

import torch

from kerastorch.saving import file_io
from kerastorch.saving import keras_archive
from kerastorch.saving import legacy_h5
from kerastorch.saving import safetensors_io
from kerastorch.saving import saving_api

_FORMATS = {
    "keras": "Keras 3 archive (.keras)",
    "h5": "legacy Keras HDF5 (.h5)",
    "weights.h5": "Keras 3 weights (.weights.h5)",
    "safetensors": "safetensors (.safetensors)",
    "pt": "torch state_dict (.pt)",
}


def output_format(path):
    """The format a path names by its extension, or a ValueError listing the supported ones."""
    path = os.fspath(path)
    if path.endswith(".weights.h5"):
        return "weights.h5"
    if path.endswith(".keras"):
        return "keras"
    if path.endswith((".h5", ".hdf5")):
        return "h5"
    if path.endswith(".safetensors"):
        return "safetensors"
    if path.endswith((".pt", ".pth")):
        return "pt"
    raise ValueError(
        "Unsupported output file extension. Use .keras, .h5, .weights.h5, .safetensors or .pt. "
        f"Received: output={path!r}"
    )


def input_format(path):
    """What an input file holds: one of `_FORMATS`' keys, plus whether it carries a model."""
    path = os.fspath(path)
    kind = file_io.sniff(path)
    if kind in ("keras", "keras_dir"):
        return "keras", True
    if kind == "hdf5":
        if legacy_h5.is_legacy(path):
            with legacy_h5.weights_h5.open_h5(path, "r") as f:
                return "h5", "model_config" in f.attrs
        return "weights.h5", False
    if kind == "safetensors":
        _, metadata = safetensors_io.read(path)
        return "safetensors", bool(metadata.get("keras_config"))
    if kind == "torch":
        return "pt", False
    raise file_io.corrupt(path, f"it is not a Keras model or weights file (found: {kind})")


def load_state_dict(model, path):
    """Loads a `.pt` state_dict (tensors only, `weights_only=True`) into `model`, checking every key and shape."""
    try:
        state = torch.load(os.fspath(path), map_location="cpu", weights_only=True)
    except Exception as error:  # noqa: BLE001 - torch raises many types for bad or unsafe files
        raise file_io.corrupt(path, "it is not a tensors-only torch state_dict", error) from error
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise file_io.corrupt(path, "it does not hold a dict of tensors")
    expected = model.state_dict()
    missing = sorted(set(expected) - set(state))
    unexpected = sorted(set(state) - set(expected))
    wrong = [f"{k}: model {tuple(expected[k].shape)}, file {tuple(state[k].shape)}"
             for k in expected if k in state and tuple(expected[k].shape) != tuple(state[k].shape)]
    if missing or unexpected or wrong:
        raise ValueError(
            f"The state_dict in '{path}' does not match model '{model.name}', so nothing was loaded. Missing: "
            f"{missing[:10]}; unexpected: {unexpected[:10]}; shape mismatches: {wrong[:10]}"
        )
    model.load_state_dict(state)


def export_state_dict(model, path):
    """Writes `model.state_dict()` as plain CPU tensors (no kerastorch classes), atomically."""
    state = {key: value.detach().to("cpu").clone().contiguous() for key, value in model.state_dict().items()}
    with file_io.atomic_write(path) as temp_path:
        torch.save(state, temp_path)


def _load_source(source, architecture, safe_mode):
    fmt, has_model = input_format(source)
    if has_model:
        return saving_api.load_model(source, safe_mode=safe_mode), fmt
    if architecture is None:
        raise ValueError(
            f"'{source}' holds weights only ({_FORMATS[fmt]}); pass the architecture with `--model ARCH` "
            "(a .keras, full .h5 or .safetensors model file)."
        )
    model = saving_api.load_model(architecture, safe_mode=safe_mode)
    if fmt == "pt":
        load_state_dict(model, source)
    else:
        saving_api.load_weights(model, source)
    return model, fmt


def convert(source, target, architecture=None, safe_mode=True):
    """Converts `source` to `target` (formats from the names and contents); returns a summary dict."""
    target_format = output_format(target)
    model, source_format = _load_source(source, architecture, safe_mode)
    if os.path.abspath(os.fspath(source)) == os.path.abspath(os.fspath(target)):
        raise ValueError(f"The output would overwrite the input. Received: input={source!r}, output={target!r}")
    if target_format == "keras":
        keras_archive.save_model(model, target)
    elif target_format == "h5":
        legacy_h5.save_model(model, target)
    elif target_format == "weights.h5":
        keras_archive.save_weights(model, target)
    elif target_format == "safetensors":
        safetensors_io.save_weights(model, target)
    else:
        export_state_dict(model, target)
    layers = [layer for layer in model._flatten_layers(include_self=False) if hasattr(layer, "weights")]
    return {
        "source": os.fspath(source), "source_format": _FORMATS[source_format],
        "target": os.fspath(target), "target_format": _FORMATS[target_format],
        "model": model.name, "layers": len(model.layers), "layers_with_weights": sum(1 for l in layers if l.weights),
        "parameters": int(sum(v.numel() for v in model.weights)),
    }


def describe(summary):
    return (
        f"Converted {summary['source']} ({summary['source_format']}) -> {summary['target']} "
        f"({summary['target_format']}): model '{summary['model']}', {summary['layers']} layers "
        f"({summary['layers_with_weights']} with weights), {summary['parameters']:,} parameters."
    )
