"""`set_random_seed`: one call that makes model creation and training reproducible."""

import random

import numpy as np
import torch

from kerastorch.backend import random as backend_random


def set_random_seed(seed):
    """Seeds Python's `random`, NumPy and torch, and resets kerastorch's global seed generator.

    Unseeded initializers draw their seed from Python's `random`, as in Keras, so the same seed gives the same
    weights here and in real Keras on torch when the layers are created in the same order.
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"Expected `seed` argument to be an integer. Received: seed={seed!r} (of type {type(seed)})")
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    backend_random.reset_global_seed_generator()
