"""`clear_session`: forget the global state Keras scripts reset between experiments (layer-name counters,
the global seed generator) and release cached memory."""

import gc

import torch

from kerastorch.backend import random as backend_random
from kerastorch.utils import naming


def clear_session(free_memory=True):
    """Resets automatic names (`dense`, `dense_1`, ... start again) and the global seed generator."""
    naming.reset_names()
    backend_random.reset_global_seed_generator()
    if free_memory:
        gc.collect()
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
