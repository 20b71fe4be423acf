"""keras.random: random tensors with Keras's seed semantics (an int seed repeats; a SeedGenerator advances)."""

from kerastorch.backend.random import SeedGenerator
from kerastorch.random.random import beta
from kerastorch.random.random import binomial
from kerastorch.random.random import categorical
from kerastorch.random.random import dropout
from kerastorch.random.random import gamma
from kerastorch.random.random import normal
from kerastorch.random.random import randint
from kerastorch.random.random import shuffle
from kerastorch.random.random import truncated_normal
from kerastorch.random.random import uniform
