"""`InverseTimeDecay`: `initial_learning_rate / (1 + decay_rate * step / decay_steps)`."""

from kerastorch.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from kerastorch.optimizers.schedules.learning_rate_schedule import _check_positive_steps
from kerastorch.optimizers.schedules.learning_rate_schedule import _Float32Math


class InverseTimeDecay(LearningRateSchedule):
    """Decays the learning rate as the inverse of time.

    Args:
        initial_learning_rate: The rate at step 0.
        decay_steps: How often to apply the decay (> 0).
        decay_rate: How fast the rate falls.
        staircase: If True, decay in discrete stairs (`floor(step / decay_steps)`).
        name: Kept for Keras compatibility.

    Example:

    >>> InverseTimeDecay(0.1, decay_steps=1, decay_rate=0.5)(2)
    0.05000000074505806
    """

    _keras_module = "keras.optimizers.schedules"

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name="InverseTimeDecay"):
        _check_positive_steps("decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        m = _Float32Math(step)
        p = m.cast(step) / m.const(self.decay_steps)
        if self.staircase:
            p = m.floor(p)
        denominator = m.const(1.0) + m.const(self.decay_rate) * p
        return m.result(m.const(self.initial_learning_rate) / denominator)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }
