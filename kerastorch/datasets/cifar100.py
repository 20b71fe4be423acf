"""CIFAR-100: 60,000 32x32 color images in 100 fine (or 20 coarse) classes (50,000 train, 10,000 test)."""

import os

import numpy as np

from kerastorch.datasets import _origins
from kerastorch.datasets.cifar import load_batch
from kerastorch.utils.file_utils import get_file


def load_data(label_mode="fine"):
    """Loads CIFAR-100, downloading and extracting the archive once into `$KERAS_HOME/datasets`.

    Args:
        label_mode: "fine" (100 classes) or "coarse" (20 super-classes).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 images `(50000, 32, 32, 3)` / `(10000, 32, 32, 3)`
        (channels first under "channels_first") and integer labels `(50000, 1)` / `(10000, 1)`.
    """
    from kerastorch.backend import config

    if label_mode not in ("fine", "coarse"):
        raise ValueError(f'`label_mode` must be one of `"fine"`, `"coarse"`. Received: label_mode={label_mode}.')
    path = get_file(fname="cifar-100-python-target", origin=f"{_origins.CIFAR}cifar-100-python.tar.gz", extract=True,
                    file_hash="85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7")
    path = os.path.join(path, "cifar-100-python")
    x_train, y_train = load_batch(os.path.join(path, "train"), label_key=f"{label_mode}_labels")
    x_test, y_test = load_batch(os.path.join(path, "test"), label_key=f"{label_mode}_labels")
    y_train = np.reshape(y_train, (len(y_train), 1))
    y_test = np.reshape(y_test, (len(y_test), 1))
    if config.image_data_format() == "channels_last":
        x_train = x_train.transpose(0, 2, 3, 1)
        x_test = x_test.transpose(0, 2, 3, 1)
    return (x_train, y_train), (x_test, y_test)
