"""`CosineDecayRestarts`: cosine decay with warm restarts (SGDR)."""

import math

from kerastorch.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from kerastorch.optimizers.schedules.learning_rate_schedule import _check_positive_steps
from kerastorch.optimizers.schedules.learning_rate_schedule import _Float32Math


class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay that restarts: period `i` lasts `first_decay_steps * t_mul ** i` steps and starts from
    `initial_learning_rate * m_mul ** i`.

    Args:
        initial_learning_rate: The rate at step 0.
        first_decay_steps: Length of the first period (> 0).
        t_mul: How much longer each period is than the previous.
        m_mul: How much lower each restart's rate is than the previous.
        alpha: The lowest rate as a fraction of `initial_learning_rate`.
        name: Kept for Keras compatibility.

    Example:

    >>> CosineDecayRestarts(0.1, first_decay_steps=10)(10)
    0.10000000149011612
    """

    _keras_module = "keras.optimizers.schedules"

    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0, name="SGDRDecay"):
        _check_positive_steps("first_decay_steps", first_decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self._t_mul = t_mul
        self._m_mul = m_mul
        self.alpha = alpha
        self.name = name

    def __call__(self, step):
        m = _Float32Math(step)
        one = m.const(1.0)
        t_mul = m.const(self._t_mul)
        completed = m.cast(step) / m.const(self.first_decay_steps)
        if self._t_mul == 1.0:
            restart = m.floor(completed)
            completed = completed - restart
        else:
            # Periods grow geometrically: find the restart index from the partial geometric sum.
            restart = m.floor(m.log(one - completed * (one - t_mul)) / m.log(t_mul))
            sum_r = (one - m.power(t_mul, restart)) / (one - t_mul)
            completed = (completed - sum_r) / m.power(t_mul, restart)
        m_fac = m.power(m.const(self._m_mul), restart)
        cosine = m.const(0.5) * m_fac * (one + m.cos(m.const(math.pi) * completed))
        alpha = m.const(self.alpha)
        return m.result(m.const(self.initial_learning_rate) * ((one - alpha) * cosine + alpha))

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "first_decay_steps": self.first_decay_steps,
            "t_mul": self._t_mul,
            "m_mul": self._m_mul,
            "alpha": self.alpha,
            "name": self.name,
        }
