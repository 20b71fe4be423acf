"""`ScheduleFreeAdamW`: AdamW without a learning-rate schedule (Defazio et al., 2024)."""

import torch

from kerastorch.optimizers import _foreach
from kerastorch.optimizers.optimizer import Optimizer
from kerastorch.optimizers.optimizer import _check_in_range
from kerastorch.optimizers.optimizer import _check_non_negative


class ScheduleFreeAdamW(Optimizer):
    """Schedule-free AdamW: keeps `z` (the `momentum` slot, an Adam-normalized SGD sequence) and trains the
    interpolation `y = (1 - beta_1) * z + beta_1 * x`, where `x` is the running average of the `z`;
    averaging replaces the decay schedule.

    The slot `momentum` starts as a copy of the variable. The previous `x` is recovered from the previous
    `y` and the previous `z` (before this step's update of `z`).

    Args:
        learning_rate: A float, a `LearningRateSchedule` or a callable. Defaults to 0.0025.
        beta_1: Interpolation between `z` and `x`, in (0, 1).
        beta_2: Decay of the second-moment average, in [0, 1).
        epsilon: Small constant for numerical stability.
        warmup_steps: Linear warmup of the rate over this many steps (0 for none).
        **kwargs: The shared arguments of `keras.optimizers.Optimizer`.
    """

    def __init__(self, learning_rate=0.0025, beta_1=0.9, beta_2=0.999, epsilon=1e-8, warmup_steps=0, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(
            learning_rate=learning_rate, name=name, weight_decay=weight_decay, clipnorm=clipnorm,
            clipvalue=clipvalue, global_clipnorm=global_clipnorm, use_ema=use_ema, ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency, loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps, **kwargs,
        )  # fmt: skip
        if not 0 < beta_1 < 1:
            raise ValueError(f"Argument `beta_1` must be in (0, 1). Received: beta_1={beta_1}")
        _check_in_range("beta_2", beta_2, 0.0, 1.0)
        _check_non_negative("epsilon", epsilon)
        _check_non_negative("warmup_steps", warmup_steps)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.warmup_steps = warmup_steps

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(var_list, ["momentum", "velocity"])
        with torch.no_grad():
            for momentum, variable in zip(self._momentums, var_list):
                if momentum is not None:
                    momentum.copy_(variable)

    def _scalars(self, learning_rate):
        t = self._local_step()
        if self.warmup_steps > 0:
            learning_rate = learning_rate * _foreach.minimum(t / self.warmup_steps, 1.0)
        return learning_rate, 1 - self.beta_2**t, 1.0 / t

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        z, v = self._momentums[index], self._velocities[index]
        lr, correction_2, weight = self._scalars(learning_rate)
        z_old = z.clone()
        v.add_((gradient.square() - v) * (1 - self.beta_2))
        z.sub_(lr * gradient / ((v / correction_2).sqrt() + self.epsilon))
        x_old = (variable - (1 - self.beta_1) * z_old) / self.beta_1
        x_new = (1 - weight) * x_old + weight * z
        variable.copy_((1 - self.beta_1) * z + self.beta_1 * x_new)

    def _foreach_update_step(self, grads, variables, learning_rate, indices):
        lr, correction_2, weight = (_foreach.as_device_scalar(s, variables[0]) for s in self._scalars(learning_rate))
        z = [self._momentums[i] for i in indices]
        v = [self._velocities[i] for i in indices]
        b1 = self.beta_1
        # x_old from y_old and z_old, taken before z moves.
        x = torch._foreach_div(torch._foreach_sub(variables, torch._foreach_mul(z, 1 - b1)), b1)
        torch._foreach_mul_(v, self.beta_2)
        torch._foreach_add_(v, torch._foreach_mul(grads, grads), alpha=1 - self.beta_2)
        denominators = torch._foreach_sqrt(torch._foreach_div(v, correction_2))
        torch._foreach_add_(denominators, self.epsilon)
        _foreach.scaled_add_(z, torch._foreach_div(torch._foreach_mul(grads, lr), denominators), -1)
        torch._foreach_mul_(x, 1 - weight)
        _foreach.scaled_add_(x, z, weight)
        torch._foreach_mul_(x, b1)
        _foreach.scaled_add_(x, z, 1 - b1)
        torch._foreach_copy_(variables, x)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon, "warmup_steps": self.warmup_steps}
        )
        return config
