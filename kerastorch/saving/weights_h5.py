"""Keras 3's weights file (`.weights.h5`, and `model.weights.h5` inside a `.keras` archive).

Layout: one group per saveable at its walk path (see `saveable_walk`), holding a `vars` group whose datasets
are named `"0"`, `"1"`, ... and whose `name` attribute is the object's name; the model's own group is the
root `vars`. Reading refuses links, external and virtual datasets, and datasets that declare far more bytes
than they store (as Keras does), and turns any HDF5 failure into a ValueError naming the file.
"""

import math

from kerastorch.utils.lazy_module import LazyModule

h5py = LazyModule("h5py")
import numpy as np

from kerastorch.saving import file_io
from kerastorch.saving import saveable_walk

_BOMB_FLOOR_BYTES = 1 << 32
_MAX_EXPANSION = 1000


def write(h5file, model):
    """Writes every saveable of `model` into the open, empty `h5file`."""
    for path, obj in saveable_walk.walk(model):
        values = saveable_walk.save_own(obj)
        group_path = f"{path}/vars" if path else "vars"
        group = h5file.require_group(group_path)
        name = getattr(obj, "name", None)
        if isinstance(name, str):
            group.attrs["name"] = name
        for key, value in values.items():
            group.create_dataset(key, data=value)


class Reader:
    """Read access to a Keras 3 weights file: `get(path)` returns the `vars` of one saveable as a dict."""

    def __init__(self, h5file, source):
        self.h5file = h5file
        self.source = source

    def get(self, path):
        """`{"0": array, ...}` for the saveable at `path`; `{}` if the file has no group there."""
        group = self._group(f"{path}/vars" if path else "vars")
        if group is None and path and "_layer_checkpoint_dependencies" in self.h5file:
            # Files written by Keras 2.13 name the layer list differently.
            group = self._group(path.replace("layers", "_layer_checkpoint_dependencies") + "/vars")
        if group is None:
            return {}
        return {key: self._dataset(group, key, path) for key in group.keys()}

    def data_paths(self):
        """Paths of every `vars` group holding at least one dataset."""
        found = []

        def visit(name, obj):
            if isinstance(obj, h5py.Group) and (name == "vars" or name.endswith("/vars")) and len(obj):
                found.append(name[: -len("vars")].rstrip("/"))

        try:
            self.h5file.visititems(visit)
        except (OSError, RuntimeError, KeyError, ValueError) as error:
            raise file_io.corrupt(self.source, "the HDF5 structure cannot be read", error) from error
        return found

    def _group(self, path):
        current = self.h5file
        for part in path.split("/"):
            if not part:
                raise file_io.corrupt(self.source, f"invalid group path '{path}'")
            try:
                if part not in current:
                    return None
                link = current.get(part, getclass=True, getlink=True)
                if link in (h5py.ExternalLink, h5py.SoftLink):
                    raise file_io.corrupt(self.source, f"links are not allowed in weights files (at '{path}')")
                current = current[part]
            except ValueError:
                raise
            except (OSError, RuntimeError, KeyError, TypeError) as error:
                raise file_io.corrupt(self.source, f"the group '{path}' cannot be read", error) from error
            if not isinstance(current, h5py.Group):
                raise file_io.corrupt(self.source, f"'{path}' should be an HDF5 group, not a {type(current).__name__}")
        return current

    def _dataset(self, group, key, path):
        where = f"{path}/vars/{key}" if path else f"vars/{key}"
        try:
            link = group.get(key, getclass=True, getlink=True)
            if link in (h5py.ExternalLink, h5py.SoftLink):
                raise file_io.corrupt(self.source, f"links are not allowed in weights files (at '{where}')")
            dataset = group[key]
            if not isinstance(dataset, h5py.Dataset):
                raise file_io.corrupt(self.source, f"'{where}' should be a dataset, not a {type(dataset).__name__}")
            if dataset.external or dataset.is_virtual:
                raise file_io.corrupt(self.source, f"external or virtual datasets are not allowed (at '{where}')")
            declared = math.prod(dataset.shape or ()) * dataset.dtype.itemsize
            if declared > _BOMB_FLOOR_BYTES and declared > _MAX_EXPANSION * dataset.id.get_storage_size():
                raise file_io.corrupt(
                    self.source, f"dataset '{where}' declares {declared} bytes but stores almost nothing"
                )
            value = dataset[()]
            if dataset.attrs.get("dtype") == "bfloat16":
                value = _bfloat16_to_float32(value)
        except ValueError:
            raise
        except (OSError, RuntimeError, KeyError, TypeError) as error:
            raise file_io.corrupt(self.source, f"the dataset '{where}' cannot be read", error) from error
        value = np.asarray(value)
        if value.dtype.kind not in "biufc":
            raise file_io.corrupt(self.source, f"dataset '{where}' is not numeric (dtype {value.dtype})")
        return value


def _bfloat16_to_float32(value):
    raw = np.asarray(value)
    if raw.dtype.itemsize != 2:
        return raw.astype(np.float32)
    bits = raw.view(np.uint16).astype(np.uint32) << 16
    return bits.view(np.float32)


def open_h5(source, mode="r"):
    """`h5py.File(source)` with failures turned into a ValueError naming the file."""
    try:
        return h5py.File(source, mode)
    except (OSError, ValueError) as error:
        name = source if isinstance(source, str) else getattr(source, "name", "<in-memory file>")
        raise file_io.corrupt(name, "it is not a readable HDF5 file (truncated or corrupt?)", error) from error
