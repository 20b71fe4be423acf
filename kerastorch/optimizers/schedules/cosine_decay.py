"""`CosineDecay`: a half-cosine from `initial_learning_rate` down to `alpha * initial_learning_rate`,
optionally after a linear warmup."""

import math

from kerastorch.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from kerastorch.optimizers.schedules.learning_rate_schedule import _check_positive_steps
from kerastorch.optimizers.schedules.learning_rate_schedule import _Float32Math


class CosineDecay(LearningRateSchedule):
    """Cosine decay (SGDR without restarts), with optional linear warmup.

    Without warmup: `lr * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps)) + alpha)`.
    With `warmup_target`, the rate rises linearly from `initial_learning_rate` to `warmup_target` over
    `warmup_steps`, then decays from `warmup_target` as above.

    Args:
        initial_learning_rate: The rate at step 0.
        decay_steps: Steps to decay over (> 0).
        alpha: The final rate as a fraction of the starting one.
        name: Kept for Keras compatibility.
        warmup_target: The rate reached at the end of warmup; None for no warmup.
        warmup_steps: Length of the warmup.

    Example:

    >>> CosineDecay(0.1, decay_steps=10)(5)
    0.04999999701976776
    """

    _keras_module = "keras.optimizers.schedules"

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay", warmup_target=None,
                 warmup_steps=0):
        _check_positive_steps("decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_steps = warmup_steps
        self.warmup_target = warmup_target

    def _decay(self, m, step, decay_steps, decay_from):
        cosine = m.const(0.5) * (m.const(1.0) + m.cos(m.const(math.pi) * (step / decay_steps)))
        return decay_from * ((m.const(1.0) - m.const(self.alpha)) * cosine + m.const(self.alpha))

    def __call__(self, step):
        m = _Float32Math(step)
        initial = m.const(self.initial_learning_rate)
        decay_steps = m.const(self.decay_steps)
        global_step = m.cast(step)
        if self.warmup_target is None:
            return m.result(self._decay(m, m.minimum(global_step, decay_steps), decay_steps, initial))
        target = m.const(self.warmup_target)
        warmup_steps = m.const(self.warmup_steps)
        global_step = m.minimum(global_step, decay_steps + warmup_steps)
        if m.on_device:
            warm = (target - initial) * (global_step / warmup_steps) + initial
            return m.where(global_step < warmup_steps, warm, self._decay(m, global_step - warmup_steps, decay_steps, target))
        if global_step < warmup_steps:
            return m.result((target - initial) * (global_step / warmup_steps) + initial)
        return m.result(self._decay(m, global_step - warmup_steps, decay_steps, target))

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "alpha": self.alpha,
            "name": self.name,
            "warmup_target": self.warmup_target,
            "warmup_steps": self.warmup_steps,
        }
