"""`SGD`: gradient descent, with optional (Nesterov) momentum."""

import torch

from kerastorch.optimizers import _foreach
from kerastorch.optimizers.optimizer import Optimizer


class SGD(Optimizer):
    """Gradient descent with momentum.

    Without momentum: `w = w - learning_rate * g`. With momentum (Keras's form, the velocity carries the rate):
    `velocity = momentum * velocity - learning_rate * g`, then `w = w + velocity`, or with Nesterov
    `w = w + momentum * velocity - learning_rate * g`.

    Args:
        learning_rate: A float, a `LearningRateSchedule` or a callable. Defaults to 0.01.
        momentum: Float in [0, 1]: how much of the previous velocity is kept. 0 is plain gradient descent.
        nesterov: Whether to apply Nesterov momentum.
        **kwargs: The shared arguments of `keras.optimizers.Optimizer` (`weight_decay`, `clipnorm`,
            `clipvalue`, `global_clipnorm`, `use_ema`, `ema_momentum`, `ema_overwrite_frequency`,
            `loss_scale_factor`, `gradient_accumulation_steps`, `name`).

    Example:

    >>> optimizer = keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True)
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, weight_decay=None, clipnorm=None,
                 clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(
            learning_rate=learning_rate, name=name, weight_decay=weight_decay, clipnorm=clipnorm,
            clipvalue=clipvalue, global_clipnorm=global_clipnorm, use_ema=use_ema, ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency, loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps, **kwargs,
        )  # fmt: skip
        if isinstance(momentum, bool) or not isinstance(momentum, (int, float)) or not 0 <= momentum <= 1:
            raise ValueError(f"`momentum` must be a float between [0, 1]. Received: momentum={momentum}")
        self.momentum = momentum
        self.nesterov = nesterov

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self.momentums = []
        if self.momentum != 0:
            self.momentums = self.add_optimizer_variables(variables, "momentum")

    def update_step(self, gradient, variable, learning_rate):
        if self.momentum == 0:
            variable.sub_(gradient * learning_rate)
            return
        m = self.momentums[self._get_variable_index(variable)]
        m.copy_(m * self.momentum - gradient * learning_rate)
        if self.nesterov:
            variable.add_(m * self.momentum - gradient * learning_rate)
        else:
            variable.add_(m)

    def _foreach_update_step(self, grads, variables, learning_rate, indices):
        if self.momentum == 0:
            _foreach.scaled_add_(variables, grads, -learning_rate)
            return
        velocities = [self.momentums[i] for i in indices]
        torch._foreach_mul_(velocities, self.momentum)
        _foreach.scaled_add_(velocities, grads, -learning_rate)
        if self.nesterov:
            _foreach.scaled_add_(variables, grads, -learning_rate)
            torch._foreach_add_(variables, velocities, alpha=self.momentum)
        else:
            torch._foreach_add_(variables, velocities)

    def get_config(self):
        config = super().get_config()
        config.update({"momentum": self.momentum, "nesterov": self.nesterov})
        return config
