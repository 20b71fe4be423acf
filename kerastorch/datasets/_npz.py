"""Reading the datasets' `.npz` files without letting a tampered file run code.

Numeric arrays load with pickling disabled. The ragged word-index arrays of imdb and reuters are object
arrays, which need pickle: they are unpickled with an unpickler that only rebuilds NumPy arrays.
"""

import io
import pickle
import zipfile

import numpy as np

_ALLOWED = frozenset({
    ("numpy", "ndarray"), ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
})


class RestrictedUnpickler(pickle.Unpickler):
    """Unpickles NumPy arrays only; anything else is refused."""

    def find_class(self, module, name):
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"Refusing to load `{module}.{name}` from a dataset file; the file may be "
                                     "corrupted or malicious.")


def _read_member(stream):
    try:
        return np.lib.format.read_array(stream, allow_pickle=False)
    except ValueError:
        stream.seek(0)
        major, _ = np.lib.format.read_magic(stream)
        if major == 1:
            np.lib.format.read_array_header_1_0(stream)
        elif major in (2, 3):
            np.lib.format.read_array_header_2_0(stream)
        else:
            raise ValueError(f"Unsupported `.npy` format version {major}. Received: a dataset member of that version")
        return RestrictedUnpickler(stream).load()


def load_npz(path):
    """The arrays of an `.npz` file by name (like `np.load(path, allow_pickle=True)`, but safe)."""
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.endswith(".npy"):
                with archive.open(member) as raw:
                    arrays[member[:-4]] = _read_member(io.BytesIO(raw.read()))
    return arrays
