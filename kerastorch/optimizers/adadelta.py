"""`Adadelta`: steps scaled by the ratio of running RMS of past updates to running RMS of gradients."""

import torch

from kerastorch.optimizers import _foreach
from kerastorch.optimizers.optimizer import Optimizer
from kerastorch.optimizers.optimizer import _check_in_range
from kerastorch.optimizers.optimizer import _check_non_negative


class Adadelta(Optimizer):
    """Adadelta: adapts rates from a moving window of updates, so it keeps learning after many updates.

    `acc_g = rho * acc_g + (1 - rho) * g**2`, `delta = -sqrt(acc_d + eps) / sqrt(acc_g + eps) * g`,
    `acc_d = rho * acc_d + (1 - rho) * delta**2`, `w = w + lr * delta`.

    Args:
        learning_rate: A float, a `LearningRateSchedule` or a callable. Defaults to 0.001 (the original
            paper's method corresponds to 1.0).
        rho: The decay rate, in [0, 1).
        epsilon: Small constant for numerical stability.
        **kwargs: The shared arguments of `keras.optimizers.Optimizer`.
    """

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(
            learning_rate=learning_rate, name=name, weight_decay=weight_decay, clipnorm=clipnorm,
            clipvalue=clipvalue, global_clipnorm=global_clipnorm, use_ema=use_ema, ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency, loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps, **kwargs,
        )  # fmt: skip
        _check_in_range("rho", rho, 0.0, 1.0)
        _check_non_negative("epsilon", epsilon)
        self.rho = rho
        self.epsilon = epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._accumulated_grads, self._accumulated_delta_vars = self.add_optimizer_variables(
            var_list, ["accumulated_grad", "accumulated_delta_var"]
        )

    def update_step(self, grad, variable, learning_rate):
        index = self._get_variable_index(variable)
        accumulated_grad = self._accumulated_grads[index]
        accumulated_delta = self._accumulated_delta_vars[index]
        rho = self.rho
        accumulated_grad.copy_(rho * accumulated_grad + (1 - rho) * grad.square())
        delta = -((accumulated_delta + self.epsilon).sqrt() * grad / (accumulated_grad + self.epsilon).sqrt())
        accumulated_delta.copy_(rho * accumulated_delta + (1 - rho) * delta.square())
        variable.add_(learning_rate * delta)

    def _foreach_update_step(self, grads, variables, learning_rate, indices):
        rho = self.rho
        accumulated_grads = [self._accumulated_grads[i] for i in indices]
        accumulated_deltas = [self._accumulated_delta_vars[i] for i in indices]
        torch._foreach_mul_(accumulated_grads, rho)
        torch._foreach_add_(accumulated_grads, torch._foreach_mul(grads, grads), alpha=1 - rho)
        rms_deltas = torch._foreach_sqrt(torch._foreach_add(accumulated_deltas, self.epsilon))
        rms_grads = torch._foreach_sqrt(torch._foreach_add(accumulated_grads, self.epsilon))
        deltas = torch._foreach_div(torch._foreach_mul(rms_deltas, grads), rms_grads)
        torch._foreach_neg_(deltas)
        torch._foreach_mul_(accumulated_deltas, rho)
        torch._foreach_add_(accumulated_deltas, torch._foreach_mul(deltas, deltas), alpha=1 - rho)
        _foreach.scaled_add_(variables, deltas, learning_rate)

    def get_config(self):
        config = super().get_config()
        config.update({"rho": self.rho, "epsilon": self.epsilon})
        return config
