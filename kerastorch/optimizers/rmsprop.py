"""`RMSprop`: divide the gradient by a running root mean square of recent gradients."""

import torch

from kerastorch.optimizers import _foreach
from kerastorch.optimizers.optimizer import Optimizer
from kerastorch.optimizers.optimizer import _check_in_range
from kerastorch.optimizers.optimizer import _check_non_negative


class RMSprop(Optimizer):
    """RMSprop: `v = rho * v + (1 - rho) * g**2`, `w = w - lr * g / sqrt(v + epsilon)`.

    With `centered=True` the variance (`v - mean(g)**2`) replaces `v`, which can help training at some
    cost. With `momentum > 0` the increments accumulate: `mom = momentum * mom + increment`, `w -= mom`.

    Args:
        learning_rate: A float, a `LearningRateSchedule` or a callable. Defaults to 0.001.
        rho: Discounting factor of the squared-gradient average, in [0, 1).
        momentum: Float in [0, 1); 0 disables momentum.
        epsilon: Small constant for numerical stability.
        centered: Whether to normalize by the estimated variance of the gradient.
        **kwargs: The shared arguments of `keras.optimizers.Optimizer`.
    """

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(
            learning_rate=learning_rate, name=name, weight_decay=weight_decay, clipnorm=clipnorm,
            clipvalue=clipvalue, global_clipnorm=global_clipnorm, use_ema=use_ema, ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency, loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps, **kwargs,
        )  # fmt: skip
        _check_in_range("rho", rho, 0.0, 1.0)
        _check_in_range("momentum", momentum, 0.0, 1.0)
        _check_non_negative("epsilon", epsilon)
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._velocities = self.add_optimizer_variables(var_list, "velocity")
        self._momentums = []
        if self.momentum > 0:
            self._momentums = self.add_optimizer_variables(var_list, "momentum")
        self._average_gradients = []
        if self.centered:
            self._average_gradients = self.add_optimizer_variables(var_list, "average_gradient")

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        velocity = self._velocities[index]
        rho = self.rho
        velocity.copy_(rho * velocity + (1 - rho) * gradient.square())
        if self.centered:
            average = self._average_gradients[index]
            average.copy_(rho * average + (1 - rho) * gradient)
            denominator = velocity - average.square() + self.epsilon
        else:
            denominator = velocity + self.epsilon
        increment = learning_rate * gradient / denominator.sqrt()
        if self.momentum > 0:
            momentum = self._momentums[index]
            momentum.copy_(self.momentum * momentum + increment)
            variable.sub_(momentum)
        else:
            variable.sub_(increment)

    def _foreach_update_step(self, grads, variables, learning_rate, indices):
        rho = self.rho
        velocities = [self._velocities[i] for i in indices]
        torch._foreach_mul_(velocities, rho)
        torch._foreach_add_(velocities, torch._foreach_mul(grads, grads), alpha=1 - rho)
        denominators = torch._foreach_add(velocities, self.epsilon)
        if self.centered:
            averages = [self._average_gradients[i] for i in indices]
            torch._foreach_mul_(averages, rho)
            torch._foreach_add_(averages, grads, alpha=1 - rho)
            torch._foreach_add_(denominators, torch._foreach_mul(averages, averages), alpha=-1)
        torch._foreach_sqrt_(denominators)
        increments = torch._foreach_div(torch._foreach_mul(grads, learning_rate), denominators)
        if self.momentum > 0:
            momentums = [self._momentums[i] for i in indices]
            torch._foreach_mul_(momentums, self.momentum)
            torch._foreach_add_(momentums, increments)
            torch._foreach_add_(variables, momentums, alpha=-1)
        else:
            torch._foreach_add_(variables, increments, alpha=-1)

    def get_config(self):
        config = super().get_config()
        config.update({"rho": self.rho, "momentum": self.momentum, "epsilon": self.epsilon, "centered": self.centered})
        return config
