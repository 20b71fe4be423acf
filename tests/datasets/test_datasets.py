"""keras.datasets loaders on small files in Keras's on-disk formats, served by a local HTTP server.

The real files are large and the tests have no network: each test writes a miniature file in the same format,
serves it from 127.0.0.1 (the loaders' origin is redirected through `kerastorch.datasets._origins`), and checks
the arrays the loader returns. The checksums are Keras's, so miniature files only load with the hash check
patched out; `test_checksum_mismatch_*` keep it and check that a wrong file is never loaded.
"""

import functools
import gzip
import http.server
import io
import json
import os
import pickle
import tarfile
import threading

import numpy as np
import pytest

from kerastorch import datasets
from kerastorch.datasets import _origins
from kerastorch.utils import file_utils


@pytest.fixture
def server(tmp_path, monkeypatch):
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(type("Quiet", (http.server.SimpleHTTPRequestHandler,),
                                     {"log_message": lambda *a: None}), directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    monkeypatch.setattr(_origins, "KERAS_DATASETS", url)
    monkeypatch.setattr(_origins, "CIFAR", url)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "home"))
    httpd.root = root
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def no_hash_check(monkeypatch):
    monkeypatch.setattr(file_utils, "validate_file", lambda *args, **kwargs: True)


def _cache(tmp_path, *parts):
    return os.path.join(tmp_path, "home", "datasets", *parts)


def test_mnist_downloads_into_keras_home_and_returns_the_arrays(server, no_hash_check, tmp_path):
    rng = np.random.default_rng(0)
    arrays = dict(x_train=rng.integers(0, 256, (5, 28, 28), dtype=np.uint8), y_train=np.arange(5, dtype=np.uint8),
                  x_test=rng.integers(0, 256, (2, 28, 28), dtype=np.uint8), y_test=np.arange(2, dtype=np.uint8))
    np.savez(server.root / "mnist.npz", **arrays)
    (x_train, y_train), (x_test, y_test) = datasets.mnist.load_data()
    assert os.path.exists(_cache(tmp_path, "mnist.npz"))
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    np.testing.assert_array_equal(y_test, arrays["y_test"])
    assert x_test.dtype == np.uint8 and x_test.shape == (2, 28, 28)


def test_checksum_mismatch_download_is_deleted_and_never_loaded(server, tmp_path):
    np.savez(server.root / "mnist.npz", x_train=np.zeros(1))
    with pytest.raises(ValueError, match="Incomplete or corrupted file detected"):
        datasets.mnist.load_data()
    assert not os.path.exists(_cache(tmp_path, "mnist.npz"))


def test_checksum_mismatch_cached_file_is_downloaded_again(server, tmp_path, capsys):
    os.makedirs(_cache(tmp_path))
    with open(_cache(tmp_path, "boston_housing.npz"), "wb") as handle:
        handle.write(b"truncated")
    np.savez(server.root / "boston_housing.npz", x=np.zeros((3, 13)), y=np.zeros(3))
    with pytest.raises(ValueError, match="Incomplete or corrupted"):
        datasets.boston_housing.load_data()
    assert "re-download" in capsys.readouterr().out


def _idx(path, array, header):
    with gzip.open(path, "wb") as handle:
        handle.write(b"\0" * header + array.tobytes())


def test_fashion_mnist_reads_idx_files(server, no_hash_check, tmp_path):
    images = np.arange(3 * 784, dtype=np.uint8).reshape(3, 28, 28)
    labels = np.array([7, 1, 2], np.uint8)
    for prefix in ("train", "t10k"):
        _idx(server.root / f"{prefix}-labels-idx1-ubyte.gz", labels, 8)
        _idx(server.root / f"{prefix}-images-idx3-ubyte.gz", images, 16)
    (x_train, y_train), (x_test, y_test) = datasets.fashion_mnist.load_data()
    assert os.path.exists(_cache(tmp_path, "fashion-mnist", "t10k-images-idx3-ubyte.gz"))
    np.testing.assert_array_equal(x_train, images)
    np.testing.assert_array_equal(y_test, labels)


def _cifar_archive(path, folder, members):
    with tarfile.open(path, "w:gz") as archive:
        for name, content in members.items():
            data = pickle.dumps({key.encode(): value for key, value in content.items()}, protocol=4)
            info = tarfile.TarInfo(f"{folder}/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def test_cifar10_extracts_and_stacks_batches(server, no_hash_check, monkeypatch):
    batch = lambda i: {"data": np.full((10000, 3072), i, np.uint8), "labels": [i] * 10000}
    members = {f"data_batch_{i}": batch(i) for i in range(1, 6)}
    members["test_batch"] = {"data": np.arange(2 * 3072, dtype=np.uint8).reshape(2, 3072) % 251, "labels": [3, 4]}
    _cifar_archive(server.root / "cifar-10-python.tar.gz", "cifar-10-batches-py", members)
    (x_train, y_train), (x_test, y_test) = datasets.cifar10.load_data()
    assert x_train.shape == (50000, 32, 32, 3) and y_train.shape == (50000, 1) and y_train.dtype == np.uint8
    assert x_train[10000, 0, 0, 0] == 2 and y_train[-1, 0] == 5
    raw = members["test_batch"]["data"].reshape(2, 3, 32, 32)
    np.testing.assert_array_equal(x_test, raw.transpose(0, 2, 3, 1))
    np.testing.assert_array_equal(y_test, [[3], [4]])


def test_cifar100_label_modes(server, no_hash_check):
    content = {"data": np.zeros((2, 3072), np.uint8), "fine_labels": [55, 9], "coarse_labels": [1, 2]}
    _cifar_archive(server.root / "cifar-100-python.tar.gz", "cifar-100-python", {"train": content, "test": content})
    (_, y_fine), _ = datasets.cifar100.load_data()
    (_, y_coarse), _ = datasets.cifar100.load_data(label_mode="coarse")
    assert y_fine.tolist() == [[55], [9]] and y_coarse.tolist() == [[1], [2]]
    with pytest.raises(ValueError, match="label_mode"):
        datasets.cifar100.load_data(label_mode="medium")


def test_cifar_batch_with_foreign_pickle_is_refused(tmp_path):
    path = tmp_path / "batch"
    path.write_bytes(pickle.dumps({b"data": os.getcwd, b"labels": []}))
    with pytest.raises(ValueError, match="Could not read the CIFAR batch file"):
        datasets.cifar.load_batch(str(path))


def _ragged(sequences):
    array = np.empty(len(sequences), dtype=object)
    array[:] = [list(s) for s in sequences]
    return array


def test_imdb_shuffles_shifts_and_limits_words(server, no_hash_check):
    train = [[1, 2, 3], [4, 5], [6, 7, 8, 9], [10]]
    test = [[1, 1], [2, 3, 4, 5, 6]]
    np.savez(server.root / "imdb.npz", x_train=_ragged(train), y_train=np.array([0, 1, 0, 1]),
             x_test=_ragged(test), y_test=np.array([1, 0]))
    (x_train, y_train), (x_test, y_test) = datasets.imdb.load_data(seed=113)
    order = np.arange(4)
    rng = np.random.RandomState(113)
    rng.shuffle(order)
    test_order = np.arange(2)
    rng.shuffle(test_order)
    assert x_train.dtype == object and x_train.shape == (4,)
    # As in Keras, num_words=None means the largest index, which is itself out of range (becomes oov_char=2).
    shifted = lambda seq: [1] + [w + 3 if w + 3 < 13 else 2 for w in seq]
    assert x_train.tolist() == [shifted(train[i]) for i in order]
    assert y_train.tolist() == [[0, 1, 0, 1][i] for i in order]
    assert x_test.tolist() == [shifted(test[i]) for i in test_order]
    (x_train, _), _ = datasets.imdb.load_data(num_words=6, skip_top=4, start_char=None, oov_char=0, index_from=0)
    assert sorted(map(tuple, x_train.tolist())) == sorted(
        tuple(w if 4 <= w < 6 else 0 for w in seq) for seq in train)
    (x_train, y_train), (x_test, _) = datasets.imdb.load_data(maxlen=4)
    assert all(len(seq) < 4 for seq in x_train) and len(x_train) == len(y_train) == 2 and len(x_test) == 1
    with pytest.raises(ValueError, match="Increase maxlen"):
        datasets.imdb.load_data(maxlen=1)


def test_word_indices_and_reuters(server, no_hash_check):
    (server.root / "imdb_word_index.json").write_text(json.dumps({"the": 1}))
    (server.root / "reuters_word_index.json").write_text(json.dumps({"said": 2}))
    assert datasets.imdb.get_word_index() == {"the": 1}
    assert datasets.reuters.get_word_index() == {"said": 2}
    sequences = [[i, i + 1] for i in range(10)]
    np.savez(server.root / "reuters.npz", x=_ragged(sequences), y=np.arange(10))
    (x_train, y_train), (x_test, y_test) = datasets.reuters.load_data(test_split=0.3, oov_char=None, num_words=8)
    order = np.arange(10)
    np.random.RandomState(113).shuffle(order)
    assert (len(x_train), len(x_test)) == (7, 3)
    assert y_train.tolist() == order[:7].tolist()
    assert x_test.tolist() == [[w for w in [1, i + 3, i + 4] if w < 8] for i in order[7:]]
    names = datasets.reuters.get_label_names()
    assert len(names) == 46 and names[3] == "earn"


@pytest.mark.parametrize("module, features", [("boston_housing", 13), ("california_housing", 8)])
def test_housing_shuffle_and_split(server, no_hash_check, module, features):
    x = np.arange(10 * features, dtype="float32").reshape(10, features)
    y = np.arange(10, dtype="float32")
    np.savez(server.root / f"{module}.npz", x=x, y=y)
    loader = getattr(datasets, module).load_data
    (x_train, y_train), (x_test, y_test) = loader(test_split=0.2, seed=5)
    order = np.arange(10)
    np.random.RandomState(5).shuffle(order)
    np.testing.assert_array_equal(y_train, order[:8])
    np.testing.assert_array_equal(x_test, x[order[8:]])
    with pytest.raises(ValueError, match="test_split"):
        loader(test_split=1.0)


def test_california_small_version(server, no_hash_check):
    np.savez(server.root / "california_housing.npz", x=np.zeros((700, 8)), y=np.arange(700))
    (x_train, _), (x_test, _) = datasets.california_housing.load_data(version="small")
    assert len(x_train) + len(x_test) == 600
    with pytest.raises(ValueError, match="version"):
        datasets.california_housing.load_data(version="medium")


def test_bundled_digits():
    (x_train, y_train), (x_test, y_test) = datasets.digits.load_data()
    assert x_train.shape == (1437, 8, 8) and x_test.shape == (360, 8, 8)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    assert x_train.max() == 16 and sorted(set(y_test.tolist())) == list(range(10))
    (a, _), _ = datasets.digits.load_data(seed=1)
    assert not np.array_equal(a, x_train)
    (all_x, _), (none_x, _) = datasets.digits.load_data(test_split=0.0)
    assert len(all_x) == 1797 and len(none_x) == 0
    with pytest.raises(ValueError, match="test_split"):
        datasets.digits.load_data(test_split=1)
