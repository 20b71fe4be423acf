"""`ExponentialDecay`: `initial_learning_rate * decay_rate ** (step / decay_steps)`."""

from kerastorch.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from kerastorch.optimizers.schedules.learning_rate_schedule import _check_positive_steps
from kerastorch.optimizers.schedules.learning_rate_schedule import _Float32Math


class ExponentialDecay(LearningRateSchedule):
    """Decays the learning rate by `decay_rate` every `decay_steps` steps, smoothly or in stairs.

    Args:
        initial_learning_rate: The rate at step 0.
        decay_steps: Steps per decay by a factor of `decay_rate` (> 0).
        decay_rate: The decay factor.
        staircase: If True, the exponent is `floor(step / decay_steps)`, so the rate drops in steps.
        name: Kept for Keras compatibility.

    Example:

    >>> schedule = ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    >>> schedule(10)
    0.05000000074505806
    """

    _keras_module = "keras.optimizers.schedules"

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name="ExponentialDecay"):
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
        return m.result(m.const(self.initial_learning_rate) * m.power(m.const(self.decay_rate), p))

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }
