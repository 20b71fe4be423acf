"""`keras.saving.save_model` / `load_model` / `save_weights` / `load_weights`: pick the format, then delegate.

Saving picks the format from the file name, as Keras does (`.keras`, `.h5` / `.hdf5`, `.weights.h5`, and
kerastorch's `.safetensors`). Loading looks at the file's first bytes too, so a file that is not what its
name says gives an error naming what it actually is.
"""

import os
import warnings

from kerastorch.distribution import _runtime
from kerastorch.saving import file_io
from kerastorch.saving import keras_archive
from kerastorch.saving import legacy_h5
from kerastorch.saving import safetensors_io

_LEGACY_H5_WARNING = (
    "You are saving your model as an HDF5 file via `model.save()` or `keras.saving.save_model(model)`. "
    "This file format is considered legacy. We recommend using instead the native Keras format, e.g. "
    "`model.save('my_model.keras')` or `keras.saving.save_model(model, 'my_model.keras')`. "
)


def _exists_and_keep(filepath, overwrite):
    if overwrite or not os.path.exists(filepath):
        return False
    return not file_io.ask_to_proceed_with_overwrite(filepath)


def save_model(model, filepath, overwrite=True, zipped=None, **kwargs):
    """Saves `model` to `filepath`: a `.keras` archive, or the legacy HDF5 format for `.h5` / `.hdf5`.

    Args:
        model: The model to save.
        filepath: `str` or `pathlib.Path` ending in `.keras`, `.h5` or `.hdf5`.
        overwrite: Whether to overwrite an existing file without asking.
        zipped: Whether to write a zip archive (the default) or an unzipped `.keras` folder.
        include_optimizer: (legacy HDF5 only) whether to save the optimizer state; default True.
    """
    include_optimizer = kwargs.pop("include_optimizer", True)
    save_format = kwargs.pop("save_format", None)
    if kwargs:
        raise ValueError(f"The following argument(s) are not supported: {list(kwargs.keys())}")
    filepath_str = os.fspath(filepath)
    legacy = filepath_str.endswith((".h5", ".hdf5")) and not filepath_str.endswith(".weights.h5")
    if save_format and not (legacy or filepath_str.endswith(".keras")):
        raise ValueError(
            "The `save_format` argument is deprecated in Keras 3. Please remove this argument and pass a file "
            f"path with either `.keras` or `.h5` extension. Received: save_format={save_format}"
        )
    if legacy:
        warnings.warn(_LEGACY_H5_WARNING, stacklevel=2)
    # ModelParallel: every process gathers the sharded weights, rank 0 writes them whole.
    with _runtime.whole_weights(model) as writes:
        if writes and not _exists_and_keep(filepath_str, overwrite):
            return _write_model(model, filepath_str, zipped, legacy, include_optimizer)


def _write_model(model, filepath_str, zipped, legacy, include_optimizer):
    if zipped is False:
        if filepath_str.endswith(".keras"):
            raise ValueError(
                "When using `zipped=False`, the `filepath` argument should not end in `.keras`. "
                f"Received: filepath={filepath_str}"
            )
        return keras_archive.save_model_folder(model, filepath_str)
    if filepath_str.endswith(".keras"):
        return keras_archive.save_model(model, filepath_str)
    if legacy:
        return legacy_h5.save_model(model, filepath_str, include_optimizer=include_optimizer)
    raise ValueError(
        "Invalid filepath extension for saving. Please add either a `.keras` extension for the native Keras "
        f"format (recommended) or a `.h5` extension. Received: filepath={filepath_str}."
    )


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Loads a model saved with `model.save()` by kerastorch, Keras 3, or tf.keras 2 (`.h5`).

    Args:
        filepath: Path to a `.keras` archive (or unzipped `.keras` folder) or a legacy `.h5` / `.hdf5` file.
        custom_objects: Dict mapping names to custom classes or functions the config refers to.
        compile: Whether to compile the model with its saved training configuration.
        safe_mode: Whether to refuse objects that carry Python code (a Lambda layer's bytecode). Only set it
            to False for files from a source you trust.
    """
    filepath_str = os.fspath(filepath)
    with file_io.reading(filepath_str):
        return _load_model(filepath_str, custom_objects, compile, safe_mode)


def _load_model(filepath_str, custom_objects, compile, safe_mode):
    kind = file_io.sniff(filepath_str)
    if kind in ("keras", "keras_dir"):
        return keras_archive.load_model(filepath_str, custom_objects, compile, safe_mode)
    if kind == "hdf5":
        return legacy_h5.load_model(filepath_str, custom_objects, compile, safe_mode)
    if kind == "safetensors":
        return safetensors_io.load_model(filepath_str, custom_objects, safe_mode)
    raise file_io.corrupt(
        filepath_str,
        f"this is not a model file kerastorch can read (found: {_describe_kind(kind)}). Supported: `.keras` "
        "archives and legacy `.h5` files",
    )


def _describe_kind(kind):
    return {"torch": "a torch.save() file, which is never unpickled", "zip": "a zip archive without config.json",
            "unknown": "unrecognised bytes"}.get(kind, kind)


def save_weights(model, filepath, overwrite=True, **kwargs):
    """Saves the weights of `model` to `.weights.h5` (Keras 3 layout), `.safetensors`, or legacy `.h5`."""
    max_shard_size = kwargs.pop("max_shard_size", None)
    if kwargs:
        raise ValueError(f"Invalid keyword arguments: {kwargs}")
    if max_shard_size is not None:
        raise ValueError(f"Sharded weights files are not supported. Received: max_shard_size={max_shard_size}")
    filepath_str = os.fspath(filepath)
    # ModelParallel: every process gathers the sharded weights, rank 0 writes them whole.
    with _runtime.whole_weights(model) as writes:
        if writes and not _exists_and_keep(filepath_str, overwrite):
            return _write_weights(model, filepath_str)


def _write_weights(model, filepath_str):
    if filepath_str.endswith(".weights.h5"):
        return keras_archive.save_weights(model, filepath_str)
    if filepath_str.endswith(".safetensors"):
        return safetensors_io.save_weights(model, filepath_str)
    if filepath_str.endswith((".h5", ".hdf5")):
        return legacy_h5.save_weights(model, filepath_str)
    raise ValueError(
        "The filename must end in `.weights.h5` (or `.safetensors`, or `.h5` for the legacy format). "
        f"Received: filepath={filepath_str}"
    )


def load_weights(model, filepath, skip_mismatch=False, **kwargs):
    """Loads weights into `model` from `.weights.h5`, `.keras`, `.safetensors`, or a legacy Keras 2 `.h5`.

    Args:
        model: A built model.
        filepath: The weights file.
        skip_mismatch: Whether to skip (with a warning) layers whose weights do not match instead of raising.
        by_name: (legacy `.h5` only) match layers by name instead of by order.
    """
    by_name = kwargs.pop("by_name", None)
    objects_to_skip = kwargs.pop("objects_to_skip", None)
    if kwargs:
        raise ValueError(f"Invalid keyword arguments: {kwargs}")
    if objects_to_skip is not None:
        raise ValueError(f"`objects_to_skip` is not supported. Received: objects_to_skip={objects_to_skip}")
    filepath_str = os.fspath(filepath)
    with file_io.reading(filepath_str):
        return _load_weights(model, filepath_str, skip_mismatch, by_name)


def _load_weights(model, filepath_str, skip_mismatch, by_name):
    kind = file_io.sniff(filepath_str)
    if kind == "hdf5" and legacy_h5.is_legacy(filepath_str):
        return legacy_h5.load_weights(model, filepath_str, by_name=bool(by_name), skip_mismatch=skip_mismatch)
    if by_name is not None:
        raise ValueError(f"`by_name` only supports loading legacy '.h5' or '.hdf5' files. Received: {filepath_str}")
    if kind in ("hdf5", "keras"):
        return keras_archive.load_weights(model, filepath_str, skip_mismatch=skip_mismatch)
    if kind == "safetensors":
        return safetensors_io.load_weights(model, filepath_str, skip_mismatch=skip_mismatch)
    raise file_io.corrupt(
        filepath_str,
        f"this is not a weights file kerastorch can read (found: {_describe_kind(kind)}). Supported: "
        "`.weights.h5`, `.keras`, `.safetensors` and legacy `.h5`",
    )
