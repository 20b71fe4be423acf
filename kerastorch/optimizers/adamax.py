"""`Adamax`: Adam with the infinity norm in place of the second moment."""

import torch

from kerastorch.optimizers import _foreach
from kerastorch.optimizers.optimizer import Optimizer
from kerastorch.optimizers.optimizer import _check_in_range
from kerastorch.optimizers.optimizer import _check_non_negative


class Adamax(Optimizer):
    """Adamax, the infinity-norm variant of Adam (section 7 of the Adam paper); robust to sparse, spiky gradients.

    `m = beta_1 * m + (1 - beta_1) * g`, `u = max(beta_2 * u, |g|)`,
    `w = w - lr * m / ((1 - beta_1**t) * (u + epsilon))`.

    Args:
        learning_rate: A float, a `LearningRateSchedule` or a callable. Defaults to 0.001.
        beta_1: Decay of the first-moment average, in [0, 1).
        beta_2: Decay of the infinity norm, in [0, 1).
        epsilon: Small constant for numerical stability.
        **kwargs: The shared arguments of `keras.optimizers.Optimizer`.
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(
            learning_rate=learning_rate, name=name, weight_decay=weight_decay, clipnorm=clipnorm,
            clipvalue=clipvalue, global_clipnorm=global_clipnorm, use_ema=use_ema, ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency, loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps, **kwargs,
        )  # fmt: skip
        _check_in_range("beta_1", beta_1, 0.0, 1.0)
        _check_in_range("beta_2", beta_2, 0.0, 1.0)
        _check_non_negative("epsilon", epsilon)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._m, self._u = self.add_optimizer_variables(var_list, ["momentum", "norm"])

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        m, u = self._m[index], self._u[index]
        correction = 1 - self.beta_1 ** self._local_step()
        m.add_((gradient - m) * (1 - self.beta_1))
        u.copy_(torch.maximum(u * self.beta_2, gradient.abs()))
        variable.sub_(m * learning_rate / ((u + self.epsilon) * correction))

    def _foreach_update_step(self, grads, variables, learning_rate, indices):
        correction = _foreach.as_device_scalar(1 - self.beta_1 ** self._local_step(), variables[0])
        m = [self._m[i] for i in indices]
        u = [self._u[i] for i in indices]
        torch._foreach_mul_(m, self.beta_1)
        torch._foreach_add_(m, grads, alpha=1 - self.beta_1)
        torch._foreach_mul_(u, self.beta_2)
        torch._foreach_maximum_(u, torch._foreach_abs(grads))
        denominators = torch._foreach_mul(torch._foreach_add(u, self.epsilon), correction)
        _foreach.scaled_add_(variables, torch._foreach_div(torch._foreach_mul(m, learning_rate), denominators), -1)

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
