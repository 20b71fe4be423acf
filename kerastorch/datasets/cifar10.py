"""CIFAR-10: 60,000 32x32 color images in 10 classes (50,000 train, 10,000 test)."""

import os

import numpy as np

from kerastorch.datasets import _origins
from kerastorch.datasets.cifar import load_batch
from kerastorch.utils.file_utils import get_file


def load_data():
    """Loads CIFAR-10, downloading and extracting the archive once into `$KERAS_HOME/datasets`.

    Labels: 0 airplane, 1 automobile, 2 bird, 3 cat, 4 deer, 5 dog, 6 frog, 7 horse, 8 ship, 9 truck.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 images `(50000, 32, 32, 3)` / `(10000, 32, 32, 3)`
        (channels first, `(n, 3, 32, 32)`, when `image_data_format()` is "channels_first") and uint8 labels
        `(50000, 1)` / `(10000, 1)`.
    """
    from kerastorch.backend import config

    path = get_file(fname="cifar-10-batches-py-target", origin=f"{_origins.CIFAR}cifar-10-python.tar.gz", extract=True,
                    file_hash="6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce")
    path = os.path.join(path, "cifar-10-batches-py")
    x_train = np.empty((50000, 3, 32, 32), dtype="uint8")
    y_train = np.empty((50000,), dtype="uint8")
    for i in range(1, 6):
        images, labels = load_batch(os.path.join(path, f"data_batch_{i}"))
        x_train[(i - 1) * 10000:i * 10000], y_train[(i - 1) * 10000:i * 10000] = images, labels
    x_test, y_test = load_batch(os.path.join(path, "test_batch"))
    y_train = y_train.reshape(len(y_train), 1)
    y_test = np.reshape(y_test, (len(y_test), 1))
    if config.image_data_format() == "channels_last":
        x_train = x_train.transpose(0, 2, 3, 1)
        x_test = x_test.transpose(0, 2, 3, 1)
    return (x_train, y_train), (x_test.astype(x_train.dtype), y_test.astype(y_train.dtype))
