"""Fashion-MNIST: 70,000 28x28 grayscale images of 10 kinds of clothing (60,000 train, 10,000 test)."""

import gzip
import os

import numpy as np

from kerastorch.datasets import _origins
from kerastorch.utils.file_utils import get_file

_FILES = ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz")


def _read(path, offset):
    with gzip.open(path, "rb") as handle:
        return np.frombuffer(handle.read(), np.uint8, offset=offset)


def load_data():
    """Loads Fashion-MNIST (IDX files, cached in `$KERAS_HOME/datasets/fashion-mnist`).

    Labels: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag,
    9 Ankle boot.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 images `(60000, 28, 28)` / `(10000, 28, 28)` and uint8
        labels `(60000,)` / `(10000,)`.
    """
    folder = os.path.join("datasets", "fashion-mnist")
    paths = [get_file(name, origin=_origins.KERAS_DATASETS + name, cache_subdir=folder) for name in _FILES]
    y_train = _read(paths[0], 8)
    x_train = _read(paths[1], 16).reshape(len(y_train), 28, 28)
    y_test = _read(paths[2], 8)
    x_test = _read(paths[3], 16).reshape(len(y_test), 28, 28)
    return (x_train, y_train), (x_test, y_test)
