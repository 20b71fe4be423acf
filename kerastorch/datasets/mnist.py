"""MNIST: 70,000 28x28 grayscale images of handwritten digits (60,000 train, 10,000 test)."""

import numpy as np

from kerastorch.datasets import _origins
from kerastorch.utils.file_utils import get_file


def load_data(path="mnist.npz"):
    """Loads MNIST, downloading it once into `$KERAS_HOME/datasets`.

    Args:
        path: The file name in the cache.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 images `(60000, 28, 28)` / `(10000, 28, 28)` with values
        0-255, and uint8 labels 0-9 `(60000,)` / `(10000,)`.
    """
    path = get_file(fname=path, origin=f"{_origins.KERAS_DATASETS}mnist.npz",
                    file_hash="731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1")
    with np.load(path, allow_pickle=False) as archive:
        return (archive["x_train"], archive["y_train"]), (archive["x_test"], archive["y_test"])
