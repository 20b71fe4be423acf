"""What every random initializer shares: how its seed is taken, stored and written to configs."""

from kerastorch.backend import random as backend_random
from kerastorch.initializers.initializer import Initializer
from kerastorch.saving import serialization_lib


class RandomInitializer(Initializer):
    """Base of the random initializers (not public in Keras either).

    The seed is fixed when the initializer is made, so calling it twice gives the same values: an integer
    seed is kept as is; `seed=None` draws one from Python's `random` right away (so
    `keras.utils.set_random_seed` then the same constructions in the same order give the same values as real
    Keras on torch); a `SeedGenerator` advances on every call and gives new values each time. The config
    keeps the seed as it was passed, so an unseeded initializer stays unseeded when rebuilt.

    Args:
        seed: An integer, a `SeedGenerator`, a serialized `SeedGenerator` dict, or None.
    """

    def __init__(self, seed=None):
        self._init_seed = seed
        if seed is None:
            seed = backend_random.make_default_seed()
        elif isinstance(seed, dict):
            seed = serialization_lib.deserialize_keras_object(seed)
        elif isinstance(seed, bool) or not isinstance(seed, (int, backend_random.SeedGenerator)):
            raise ValueError(
                "`seed` argument should be an instance of `keras.random.SeedGenerator()` or an integer. "
                f"Received: seed={seed!r}"
            )
        self.seed = seed

    def get_config(self):
        return {"seed": serialization_lib.serialize_keras_object(self._init_seed)}
