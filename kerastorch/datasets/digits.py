"""The UCI optical handwritten digits, shipped inside kerastorch: 1,797 8x8 grayscale images of the digits
0-9 (the set scikit-learn bundles as `load_digits`), so a model can train offline on a fresh machine.

Not part of Keras. See `data/README.md` for the source and license (CC BY 4.0).
"""

import os

import numpy as np

_PATH = os.path.join(os.path.dirname(__file__), "data", "digits.npz")


def load_data(test_split=0.2, seed=113):
    """Loads the bundled digits, shuffled and split into train and test sets.

    Args:
        test_split: Fraction of the (shuffled) images used for testing, in `[0, 1)`.
        seed: Seed of the shuffle (NumPy's RandomState, as the housing datasets use).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 images `(n, 8, 8)` with values 0-16, and uint8 labels
        0-9 `(n,)`. With the defaults, 1,437 training and 360 test images.
    """
    if not 0 <= test_split < 1:
        raise ValueError(f"Invalid `test_split` argument: {test_split}. It must be between 0 and 1 (exclusive of 1). "
                         f"Received: test_split={test_split}")
    with np.load(_PATH, allow_pickle=False) as archive:
        x, y = archive["x"], archive["y"]
    order = np.arange(len(x))
    np.random.RandomState(seed).shuffle(order)
    x, y = x[order], y[order]
    split = int(len(x) * (1 - test_split))
    return (x[:split], y[:split]), (x[split:], y[split:])
