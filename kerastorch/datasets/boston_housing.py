"""Boston housing prices: 506 samples of 13 features, the target being the median home value (k$)."""

import numpy as np

from kerastorch.datasets import _housing
from kerastorch.datasets import _origins
from kerastorch.utils.file_utils import get_file


def load_data(path="boston_housing.npz", test_split=0.2, seed=113):
    """Loads the Boston housing dataset, downloading it once into `$KERAS_HOME/datasets`.

    Args:
        path: The file name in the cache.
        test_split: Fraction of the (shuffled) samples used for testing.
        seed: Seed of the shuffle.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: features `(n, 13)` and targets `(n,)` in the file's dtype.
    """
    _housing.check_test_split(test_split)
    path = get_file(path, origin=f"{_origins.KERAS_DATASETS}boston_housing.npz",
                    file_hash="f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5")
    with np.load(path, allow_pickle=False) as archive:
        x, y = archive["x"], archive["y"]
    return _housing.shuffle_and_split(x, y, test_split, seed)
