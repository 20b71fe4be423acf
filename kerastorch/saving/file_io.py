"""Files on disk: atomic writes, recognising what kind of file a path holds, and the errors for bad files.

Every writer goes through `atomic_write`: the bytes land in a temporary file in the destination folder, which
is renamed over the destination only once complete, so a crash mid-save leaves the previous file intact.
"""

import contextlib
import json
import os
import struct
import tempfile
import zipfile

ZIP_MAGIC = b"PK\x03\x04"
HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
# A safetensors file starts with the 8-byte little-endian length of its JSON header, then "{".
_SAFETENSORS_MAX_HEADER = 100_000_000


@contextlib.contextmanager
def atomic_write(filepath):
    """Yields a temporary path beside `filepath`; on success it replaces `filepath` (os.replace)."""
    filepath = os.fspath(filepath)
    folder = os.path.dirname(os.path.abspath(filepath))
    if not os.path.isdir(folder):
        os.makedirs(folder, exist_ok=True)
    handle, temp_path = tempfile.mkstemp(prefix=f".{os.path.basename(filepath)}.", suffix=".tmp", dir=folder)
    os.close(handle)
    try:
        yield temp_path
        # mkstemp makes the file private (0600); a saved model gets the permissions any new file would get.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp_path, 0o666 & ~umask)
        os.replace(temp_path, filepath)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temp_path)
        raise


def read_head(filepath, size=16):
    with open(filepath, "rb") as f:
        return f.read(size)


def sniff(filepath):
    """What `filepath` holds, from its first bytes: "keras" (zip with config.json), "torch" (a torch.save zip),
    "zip", "hdf5", "safetensors" or "unknown". Raises a ValueError naming the file if it cannot be read."""
    filepath = os.fspath(filepath)
    if os.path.isdir(filepath):
        return "keras_dir" if os.path.exists(os.path.join(filepath, "config.json")) else "unknown"
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"No such file: '{filepath}'. Received: filepath={filepath!r}")
    head = read_head(filepath, 16)
    if head.startswith(HDF5_MAGIC):
        return "hdf5"
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(filepath) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return "zip"
        if "config.json" in names:
            return "keras"
        if any(name.endswith("data.pkl") for name in names):
            return "torch"
        return "zip"
    if len(head) >= 9:
        header_len = int.from_bytes(head[:8], "little")
        if 2 <= header_len <= _SAFETENSORS_MAX_HEADER and head[8:9] == b"{":
            return "safetensors"
    return "unknown"


def corrupt(filepath, what, error=None):
    """The ValueError for a file that cannot be read as what it claims to be."""
    detail = f" ({type(error).__name__}: {error})" if error is not None else ""
    return ValueError(f"Cannot load '{filepath}': {what}{detail}. Received: filepath={os.fspath(filepath)!r}")


def ask_to_proceed_with_overwrite(filepath):
    """Asks on the terminal whether to overwrite `filepath`; True to go on."""
    answer = input(f"[WARNING] {filepath} already exists - overwrite? [y/n]").strip().lower()
    while answer not in ("y", "n"):
        answer = input('Enter "y" (overwrite) or "n" (cancel).').strip().lower()
    return answer == "y"


# What a damaged file can make h5py, zipfile, json or a config's from_config raise.
_READ_FAILURES = (OSError, RuntimeError, KeyError, TypeError, IndexError, AttributeError, UnicodeError,
                  OverflowError, EOFError, zipfile.BadZipFile, struct.error, json.JSONDecodeError, NotImplementedError)


@contextlib.contextmanager
def reading(filepath):
    """Within the block, any failure to read `filepath` becomes a ValueError that names the file (a missing
    file stays a FileNotFoundError)."""
    filepath = os.fspath(filepath)
    try:
        yield
    except FileNotFoundError:
        raise
    except ValueError as error:
        if filepath in str(error):
            raise
        raise ValueError(f"Cannot load '{filepath}': {error}") from error
    except _READ_FAILURES as error:
        raise corrupt(filepath, "the file is damaged or not what its name says", error) from error
