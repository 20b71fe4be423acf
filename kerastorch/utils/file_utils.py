"""`get_file`: download a file once, cache it under `$KERAS_HOME/<cache_subdir>`, verify it, extract it.

A cached file whose hash does not match `file_hash` is never used: it is downloaded again, and a download
that still does not match is deleted and reported with a ValueError, so a corrupt file is never loaded.
"""

import hashlib
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile

from kerastorch.utils.progbar import Progbar


def _keras_home():
    from kerastorch.backend import config

    return config.keras_home()


def resolve_hasher(algorithm, file_hash=None):
    """The hashlib constructor for `algorithm` ("md5", "sha256", or "auto": sha256 for a 64-digit hash)."""
    if algorithm == "sha256" or (algorithm == "auto" and file_hash is not None and len(file_hash) == 64):
        return hashlib.sha256()
    if algorithm in ("auto", "md5"):
        return hashlib.md5()
    raise ValueError(f'`hash_algorithm` must be "auto", "sha256" or "md5". Received: hash_algorithm={algorithm!r}')


def hash_file(fpath, algorithm="sha256", chunk_size=65535):
    """The hex digest of a file, read in chunks so large files need little memory."""
    hasher = resolve_hasher(algorithm) if not hasattr(algorithm, "update") else algorithm
    with open(fpath, "rb") as handle:
        for chunk in iter(lambda: handle.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath, file_hash, algorithm="auto", chunk_size=65535):
    """Whether the file's md5 or sha256 digest equals `file_hash`."""
    hasher = resolve_hasher(algorithm, file_hash)
    return str(hash_file(fpath, hasher, chunk_size)) == str(file_hash)


def _is_within(directory, target):
    directory = os.path.realpath(directory)
    return os.path.commonpath([directory, os.path.realpath(target)]) == directory


def extract_archive(file_path, path=".", archive_format="auto"):
    """Extracts a tar or zip archive into `path`; returns False when the file is neither.

    Members that would land outside `path` (absolute names, `..`, links pointing out) are refused.
    """
    if archive_format is None:
        return False
    formats = ["tar", "zip"] if archive_format == "auto" else (
        [archive_format] if isinstance(archive_format, str) else list(archive_format))
    for kind in formats:
        if kind == "tar":
            if not tarfile.is_tarfile(file_path):
                continue
            with tarfile.open(file_path) as archive:
                _extract(archive, path, lambda: _extract_tar(archive, path))
            return True
        if kind == "zip":
            if not zipfile.is_zipfile(file_path):
                continue
            with zipfile.ZipFile(file_path) as archive:
                _extract(archive, path, lambda: _extract_zip(archive, path))
            return True
        raise ValueError(f'`archive_format` must be "auto", "tar", "zip" or a list of them. '
                         f"Received: archive_format={archive_format!r}")
    return False


def _extract(archive, path, extract):
    try:
        extract()
    except BaseException:
        # A half-extracted folder would pass for a complete one on the next call.
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.exists(path):
            os.remove(path)
        raise


def _extract_tar(archive, path):
    members = archive.getmembers()
    for member in members:
        if not _is_within(path, os.path.join(path, member.name)) or member.issym() or member.islnk() and not \
                _is_within(path, os.path.join(path, member.linkname)):
            raise ValueError(f"Refusing to extract an archive member outside the target folder. "
                             f"Received: member={member.name!r}")
    if hasattr(tarfile, "data_filter"):
        archive.extractall(path, members=members, filter="data")
    else:  # pragma: no cover - Python without PEP 706
        archive.extractall(path, members=members)


def _extract_zip(archive, path):
    for name in archive.namelist():
        if not _is_within(path, os.path.join(path, name)):
            raise ValueError(f"Refusing to extract an archive member outside the target folder. Received: member={name!r}")
    archive.extractall(path)


class _DownloadProgbar:
    """Feeds `urlretrieve`'s block reports to a Progbar in bytes."""

    def __init__(self):
        self.progbar = None
        self.finished = False

    def __call__(self, block_num, block_size, total_size):
        total = None if total_size == -1 else total_size
        if self.progbar is None:
            self.progbar = Progbar(total)
        current = block_num * block_size
        if total is None:
            self.progbar.update(current)
        elif current < total:
            self.progbar.update(current)
        elif not self.finished:
            self.progbar.update(total)
            self.finished = True


def get_file(fname=None, origin=None, untar=False, md5_hash=None, file_hash=None, cache_subdir="datasets",
             hash_algorithm="auto", extract=False, archive_format="auto", cache_dir=None, force_download=False):
    """Downloads a file from a URL if it is not already in the cache, and returns its local path.

    Files are cached in `cache_dir/cache_subdir` (default `$KERAS_HOME/datasets`, `~/.keras/datasets` when
    KERAS_HOME is unset, or `/tmp/.keras/datasets` when that is not writable). With `extract=True` the
    archive (tar, tar.gz, tar.bz2 or zip) is extracted and the folder it was extracted to is returned.

    Args:
        fname: File name in the cache; defaults to the last part of the URL's path. With `extract=True` and a
            name without a dot, the archive is saved as `<fname>_archive` and extracted into `<fname>`; with
            a dot, it is saved as `fname` and extracted into `<name before the dot>_extracted`.
        origin: The URL to download from.
        untar: Deprecated: `extract=True` with a tar archive.
        md5_hash: Deprecated: `file_hash` with `hash_algorithm="md5"`.
        file_hash: The expected md5 or sha256 hex digest; a cached or downloaded file that differs is not
            used.
        cache_subdir: Sub-folder of the cache where the file goes (an absolute path is used as is).
        hash_algorithm: "md5", "sha256" or "auto" (decided from the length of `file_hash`).
        extract: Whether to extract the file as an archive.
        archive_format: "auto", "tar", "zip", a list of these, or None (no extraction).
        cache_dir: The cache's root folder; defaults to `$KERAS_HOME`.
        force_download: Download even when a cached file exists.

    Returns:
        The path of the downloaded file, or of the extraction folder with `extract=True`.
    """
    if origin is None:
        raise ValueError('Please specify the "origin" argument (URL of the file to download). Received: origin=None')
    if cache_dir is None:
        cache_dir = _keras_home()
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    base = os.path.expanduser(os.fspath(cache_dir))
    if not os.access(base, os.W_OK):
        try:
            os.makedirs(base, exist_ok=True)
        except OSError:
            pass
        if not os.access(base, os.W_OK):
            base = os.path.join("/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir(), ".keras")
    datadir = os.path.join(base, cache_subdir)
    os.makedirs(datadir, exist_ok=True)

    given_name = fname
    fname = os.fspath(fname) if fname is not None else None
    if not fname:
        fname = os.path.basename(urllib.parse.urlsplit(origin).path)
        if not fname:
            raise ValueError(f"Can't parse the file name from the origin provided: '{origin}'. Please specify the "
                             f"`fname` argument. Received: origin={origin!r}")
    elif os.sep in fname:
        raise ValueError("Paths are no longer accepted as the `fname` argument. To specify the file's parent "
                         f"directory, use the `cache_dir` argument. Received: fname={fname}")

    extraction_dir = None
    if extract or untar:
        if given_name and "." in fname:
            download_target = os.path.join(datadir, fname)
            extraction_dir = os.path.join(datadir, f"{fname[:fname.find('.')]}_extracted")
        else:
            extraction_dir = os.path.join(datadir, fname)
            download_target = os.path.join(datadir, f"{fname}_archive")
    else:
        download_target = os.path.join(datadir, fname)

    download = force_download or not os.path.exists(download_target)
    if not download and file_hash is not None and not validate_file(download_target, file_hash, hash_algorithm):
        print(f"A local file was found, but it seems to be incomplete or outdated because the "
              f"{_algorithm_name(hash_algorithm, file_hash)} file hash does not match the original value of "
              f"{file_hash} so we will re-download the data.")
        download = True
    if download:
        _download(origin, download_target)
        if file_hash is not None and not validate_file(download_target, file_hash, hash_algorithm):
            os.remove(download_target)
            raise ValueError(
                f"Incomplete or corrupted file detected. The {_algorithm_name(hash_algorithm, file_hash)} file hash "
                f"of the download from {origin} does not match the provided value; the file was deleted. "
                f"Received: file_hash={file_hash}"
            )

    if extraction_dir is None:
        return download_target
    if download or not os.path.isdir(extraction_dir):
        if os.path.isdir(extraction_dir):
            shutil.rmtree(extraction_dir)
        if untar:
            archive_format = "tar"
        if not extract_archive(download_target, extraction_dir, archive_format):
            import warnings

            warnings.warn(f"Could not extract archive {download_target}.", stacklevel=2)
    return extraction_dir


def _algorithm_name(hash_algorithm, file_hash):
    return resolve_hasher(hash_algorithm, file_hash).name


def _download(origin, target):
    print(f"Downloading data from {origin}")
    partial = target + ".part"
    try:
        try:
            urllib.request.urlretrieve(origin, partial, _DownloadProgbar())
        except urllib.error.HTTPError as error:
            raise OSError(f"URL fetch failure on {origin}: {error.code} -- {error.msg}") from error
        except urllib.error.URLError as error:
            raise OSError(f"URL fetch failure on {origin}: {error.errno} -- {error.reason}") from error
        os.replace(partial, target)
    except BaseException:
        if os.path.exists(partial):
            os.remove(partial)
        raise
