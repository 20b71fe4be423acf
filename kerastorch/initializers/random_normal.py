"""The normal-distribution initializer."""

from kerastorch.backend import random as backend_random
from kerastorch.initializers.initializer import _shape
from kerastorch.initializers.random_initializer import RandomInitializer


class RandomNormal(RandomInitializer):
    """Initializer that draws from a normal distribution `N(mean, stddev**2)`.

    Args:
        mean: Mean of the values.
        stddev: Standard deviation of the values.
        seed: An integer or a `SeedGenerator`. An integer seed, or None (a seed drawn once at construction),
            gives the same values on every call; a `SeedGenerator` gives new values on each call.

    Example:

    >>> initializer = RandomNormal(mean=0.0, stddev=1.0, seed=1)
    >>> values = initializer(shape=(2, 2))
    """

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        return backend_random.normal(_shape(shape), mean=self.mean, stddev=self.stddev, dtype=dtype, seed=self.seed)

    def get_config(self):
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}
