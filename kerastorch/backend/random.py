"""Random numbers with Keras's seed semantics, on torch generators.

An integer seed gives the same numbers on every call (the values real Keras on torch gives for that seed:
a torch.Generator seeded with it). A `SeedGenerator` advances on each draw. `seed=None` draws from one global
generator that `kerastorch.utils.set_random_seed` resets, so unseeded model creation is reproducible.
"""

import random as python_random

import torch

from kerastorch.backend import device as device_lib
from kerastorch.backend.dtypes import to_torch_dtype

_global = {"generator": None}


def make_default_seed():
    """A fresh seed from Python's `random`, so `set_random_seed` makes it reproducible."""
    return python_random.randint(1, int(1e9))


class SeedGenerator:
    """The state of a stream of random seeds.

    Args:
        seed: Integer initial state; None picks one with `make_default_seed`.
        name: Optional name, kept for configs.
    """

    _keras_module = "keras.random"

    def __init__(self, seed=None, name=None, **kwargs):
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments for SeedGenerator: {kwargs}")
        self._initial_seed = seed
        self.name = name or "seed_generator"
        if seed is None:
            seed = make_default_seed()
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise ValueError(f"Argument `seed` must be an integer. Received: seed={seed!r}")
        # Python ints rather than a device tensor: drawing a seed must never sync the device.
        self.state = [seed, 0]

    def next(self, ordered=True):
        current = tuple(self.state)
        if ordered:
            self.state[1] += 1
        else:
            self.state = [(v + 1) * 5387 % 933199 for v in self.state]
        return current

    def get_config(self):
        return {"seed": self._initial_seed, "name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def global_seed_generator():
    if _global["generator"] is None:
        _global["generator"] = SeedGenerator()
    return _global["generator"]


def reset_global_seed_generator():
    _global["generator"] = None


def draw_seed(seed):
    """Returns the pair of integers a draw is seeded with."""
    if isinstance(seed, SeedGenerator):
        return seed.next()
    if isinstance(seed, int) and not isinstance(seed, bool):
        return (seed & 0xFFFFFFFF ^ 0x80000000) - 0x80000000, 0
    if seed is None:
        return global_seed_generator().next(ordered=False)
    raise ValueError(f"Argument `seed` must be an integer or a SeedGenerator. Received: seed={seed!r}")


def torch_generator(seed, device=None):
    """A torch.Generator on `device` seeded as real Keras on torch seeds it."""
    device = device or device_lib.get_device()
    first, second = draw_seed(seed)
    generator = torch.Generator(device=device)
    generator.manual_seed(int(first + second) & 0xFFFFFFFF)
    return generator


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    device = device_lib.get_device()
    dtype = to_torch_dtype(dtype)
    size = tuple(shape) or (1,)
    values = torch.rand(size, generator=torch_generator(seed, device), dtype=dtype, device=device)
    values = (maxval - minval) * values + minval
    return values if shape else values[0]


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    device = device_lib.get_device()
    return torch.normal(
        mean, stddev, size=tuple(shape), generator=torch_generator(seed, device), dtype=to_torch_dtype(dtype), device=device
    )


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal values redrawn (from four candidates, as Keras on torch) until within two standard deviations."""
    candidates = normal(tuple(shape) + (4,), dtype=dtype, seed=seed)
    first_valid = ((candidates > -2) & (candidates < 2)).max(-1, keepdim=True)[1]
    return candidates.gather(-1, first_valid).squeeze(-1) * stddev + mean


def randint(shape, minval, maxval, dtype="int32", seed=None):
    device = device_lib.get_device()
    return torch.randint(
        minval, maxval, tuple(shape), generator=torch_generator(seed, device), dtype=to_torch_dtype(dtype), device=device
    )
