"""The uniform-distribution initializer."""

from kerastorch.backend import random as backend_random
from kerastorch.initializers.initializer import _shape
from kerastorch.initializers.random_initializer import RandomInitializer


class RandomUniform(RandomInitializer):
    """Initializer that draws uniformly from `[minval, maxval)`.

    Args:
        minval: Lower bound of the range (inclusive).
        maxval: Upper bound of the range (exclusive).
        seed: An integer or a `SeedGenerator`. An integer seed, or None (a seed drawn once at construction),
            gives the same values on every call; a `SeedGenerator` gives new values on each call.

    Example:

    >>> initializer = RandomUniform(minval=0.0, maxval=1.0, seed=1)
    >>> values = initializer(shape=(2, 2))
    """

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval = minval
        self.maxval = maxval
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        return backend_random.uniform(
            _shape(shape), minval=self.minval, maxval=self.maxval, dtype=dtype, seed=self.seed
        )

    def get_config(self):
        return {**super().get_config(), "minval": self.minval, "maxval": self.maxval}
