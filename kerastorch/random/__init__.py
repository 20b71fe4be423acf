"""keras.random: random tensors with Keras's seed semantics (an int seed repeats; a SeedGenerator advances)."""

from kerastorch.backend.random import SeedGenerator
from kerastorch.backend.random import normal
from kerastorch.backend.random import randint
from kerastorch.backend.random import truncated_normal
from kerastorch.backend.random import uniform
