"""get_file: downloads from a local HTTP server, caching, hash checks and archive extraction."""

import functools
import hashlib
import http.server
import io
import os
import tarfile
import threading
import zipfile

import pytest

from kerastorch.utils.file_utils import get_file


@pytest.fixture
def server(tmp_path):
    """An HTTP server on 127.0.0.1 serving `tmp_path / "www"`; `.requests` counts GETs."""
    root = tmp_path / "www"
    root.mkdir()
    requests = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            requests.append(self.path)
            super().do_GET()

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.root, httpd.requests = root, requests
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_downloads_once_into_keras_home_datasets(server, tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "home"))
    (server.root / "data.bin").write_bytes(b"payload")
    digest = hashlib.sha256(b"payload").hexdigest()
    path = get_file(origin=server.url + "data.bin", file_hash=digest)
    assert path == str(tmp_path / "home" / "datasets" / "data.bin")
    assert open(path, "rb").read() == b"payload"
    assert get_file(origin=server.url + "data.bin", file_hash=digest) == path
    assert len(server.requests) == 1


def test_corrupt_cached_file_is_downloaded_again(server, tmp_path, capsys):
    (server.root / "f.txt").write_bytes(b"good")
    cache = tmp_path / "cache" / "sub"
    cache.mkdir(parents=True)
    (cache / "f.txt").write_bytes(b"corrupt")
    path = get_file("f.txt", server.url + "f.txt", md5_hash=hashlib.md5(b"good").hexdigest(),
                    cache_dir=str(tmp_path / "cache"), cache_subdir="sub")
    assert open(path, "rb").read() == b"good"
    assert "so we will re-download the data" in capsys.readouterr().out


def test_download_with_wrong_hash_is_deleted_and_reported(server, tmp_path):
    (server.root / "f.txt").write_bytes(b"tampered")
    with pytest.raises(ValueError, match="Incomplete or corrupted file detected.*sha256"):
        get_file("f.txt", server.url + "f.txt", file_hash="0" * 64, cache_dir=str(tmp_path))
    assert not os.path.exists(tmp_path / "datasets" / "f.txt")


def test_http_error_is_reported_and_leaves_nothing(server, tmp_path):
    with pytest.raises(OSError, match="URL fetch failure.*404"):
        get_file("missing.bin", server.url + "missing.bin", cache_dir=str(tmp_path))
    assert os.listdir(tmp_path / "datasets") == []


def test_extracts_tar_and_zip(server, tmp_path):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo("inner/a.txt")
        info.size = 1
        archive.addfile(info, io.BytesIO(b"A"))
    (server.root / "pack.tar.gz").write_bytes(buffer.getvalue())
    with zipfile.ZipFile(server.root / "pack.zip", "w") as archive:
        archive.writestr("b.txt", "B")
    folder = get_file("pack_tar", server.url + "pack.tar.gz", extract=True, cache_dir=str(tmp_path))
    assert folder == str(tmp_path / "datasets" / "pack_tar")
    assert open(os.path.join(folder, "inner", "a.txt")).read() == "A"
    assert os.path.exists(tmp_path / "datasets" / "pack_tar_archive")
    folder = get_file("pack.zip", server.url + "pack.zip", extract=True, cache_dir=str(tmp_path))
    assert folder == str(tmp_path / "datasets" / "pack_extracted")
    assert open(os.path.join(folder, "b.txt")).read() == "B"


def test_archive_member_escaping_the_folder_is_refused(server, tmp_path):
    with zipfile.ZipFile(server.root / "evil.zip", "w") as archive:
        archive.writestr("../escaped.txt", "x")
    with pytest.raises(ValueError, match="outside the target folder"):
        get_file("evil.zip", server.url + "evil.zip", extract=True, cache_dir=str(tmp_path))
    assert not os.path.exists(tmp_path / "datasets" / "escaped.txt")


def test_argument_errors():
    with pytest.raises(ValueError, match="origin"):
        get_file("x")
    with pytest.raises(ValueError, match="Paths are no longer accepted"):
        get_file(os.path.join("a", "b"), origin="http://127.0.0.1:9/x")
