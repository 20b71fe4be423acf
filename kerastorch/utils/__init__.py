"""keras.utils: helpers a Keras script reaches for."""

from kerastorch.utils.rng_utils import set_random_seed
