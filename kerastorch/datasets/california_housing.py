"""California housing prices: 20,640 block groups of 8 features, the target being the median house value."""

import numpy as np

from kerastorch.datasets import _housing
from kerastorch.datasets import _origins
from kerastorch.utils.file_utils import get_file


def load_data(version="large", path="california_housing.npz", test_split=0.2, seed=113):
    """Loads the California housing dataset, downloading it once into `$KERAS_HOME/datasets`.

    Args:
        version: "large" (all 20,640 samples) or "small" (the first 600).
        path: The file name in the cache.
        test_split: Fraction of the (shuffled) samples used for testing.
        seed: Seed of the shuffle.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: features `(n, 8)` and targets `(n,)` in the file's dtype.
    """
    _housing.check_test_split(test_split)
    path = get_file(path, origin=f"{_origins.KERAS_DATASETS}california_housing.npz",
                    file_hash="1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f")
    with np.load(path, allow_pickle=False) as archive:
        x, y = archive["x"], archive["y"]
    if version == "small":
        x, y = x[:600], y[:600]
    elif version != "large":
        raise ValueError(f"Argument `version` must be one of 'small', 'large'. Received: version={version}")
    return _housing.shuffle_and_split(x, y, test_split, seed)
