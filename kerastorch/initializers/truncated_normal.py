"""The truncated-normal initializer."""

from kerastorch.backend import random as backend_random
from kerastorch.initializers.initializer import _shape
from kerastorch.initializers.random_initializer import RandomInitializer


class TruncatedNormal(RandomInitializer):
    """Initializer that draws from a normal distribution, redrawing values more than two `stddev` from `mean`.

    Keeps a few large initial weights from dominating early training, which a plain normal allows.

    Args:
        mean: Mean of the values.
        stddev: Standard deviation of the normal before truncation.
        seed: An integer or a `SeedGenerator`. An integer seed, or None (a seed drawn once at construction),
            gives the same values on every call; a `SeedGenerator` gives new values on each call.

    Example:

    >>> initializer = TruncatedNormal(mean=0.0, stddev=1.0, seed=1)
    >>> values = initializer(shape=(2, 2))
    """

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        return backend_random.truncated_normal(
            _shape(shape), mean=self.mean, stddev=self.stddev, dtype=dtype, seed=self.seed
        )

    def get_config(self):
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}
