"""`PolynomialDecay`: a polynomial ramp from `initial_learning_rate` to `end_learning_rate`."""

from kerastorch.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from kerastorch.optimizers.schedules.learning_rate_schedule import _check_positive_steps
from kerastorch.optimizers.schedules.learning_rate_schedule import _Float32Math


class PolynomialDecay(LearningRateSchedule):
    """`(initial - end) * (1 - step / decay_steps) ** power + end`, held at `end` after `decay_steps`.

    Args:
        initial_learning_rate: The rate at step 0.
        decay_steps: Steps to reach `end_learning_rate` (> 0).
        end_learning_rate: The final rate.
        power: The polynomial's power (1.0 is linear).
        cycle: If True, restart the decay every (growing) multiple of `decay_steps` instead of holding.
        name: Kept for Keras compatibility.

    Example:

    >>> PolynomialDecay(0.1, decay_steps=10, end_learning_rate=0.0)(5)
    0.05000000074505806
    """

    _keras_module = "keras.optimizers.schedules"

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False,
                 name="PolynomialDecay"):
        _check_positive_steps("decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name

    def __call__(self, step):
        m = _Float32Math(step)
        initial = m.const(self.initial_learning_rate)
        end = m.const(self.end_learning_rate)
        global_step = m.cast(step)
        decay_steps = m.const(self.decay_steps)
        if self.cycle:
            # Step 0 counts as the first cycle, so the rate starts at `initial`.
            multiplier = m.where(global_step == 0, m.const(1.0), m.ceil(global_step / decay_steps))
            decay_steps = decay_steps * multiplier
        else:
            global_step = m.minimum(global_step, decay_steps)
        p = global_step / decay_steps
        return m.result((initial - end) * m.power(m.const(1.0) - p, m.const(self.power)) + end)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "end_learning_rate": self.end_learning_rate,
            "power": self.power,
            "cycle": self.cycle,
            "name": self.name,
        }
