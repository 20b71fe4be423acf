"""`Adam`: adaptive moment estimation, in Keras's form (epsilon outside the bias-corrected square root)."""

import torch

from kerastorch.optimizers import _foreach
from kerastorch.optimizers.optimizer import Optimizer
from kerastorch.optimizers.optimizer import _check_in_range
from kerastorch.optimizers.optimizer import _check_non_negative


class Adam(Optimizer):
    """Adam: per-weight step sizes from running averages of the gradient and its square.

    Keras's update (which differs from `torch.optim.Adam` in where epsilon enters, and in its default 1e-7):
    `m = beta_1 * m + (1 - beta_1) * g`, `v = beta_2 * v + (1 - beta_2) * g**2`,
    `w = w - lr * sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (sqrt(v) + epsilon)`.

    Args:
        learning_rate: A float, a `LearningRateSchedule` or a callable. Defaults to 0.001.
        beta_1: Decay of the first-moment average, in [0, 1).
        beta_2: Decay of the second-moment average, in [0, 1).
        epsilon: Small constant for numerical stability (the "epsilon hat" of the Adam paper).
        amsgrad: Whether to use the AMSGrad variant (the running maximum of `v`).
        **kwargs: The shared arguments of `keras.optimizers.Optimizer`.

    Example:

    >>> optimizer = keras.optimizers.Adam(learning_rate=1e-3)
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False, weight_decay=None,
                 clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None, gradient_accumulation_steps=None, name=None,
                 **kwargs):
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
        self.amsgrad = amsgrad

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(var_list, ["momentum", "velocity"])
        if self.amsgrad:
            self._velocity_hats = self.add_optimizer_variables(var_list, "velocity_hat")

    def _step_size(self, learning_rate):
        # The two bias corrections folded into the rate: one scalar per step, computed on the host.
        t = self._local_step()
        return learning_rate * _foreach.sqrt(1 - self.beta_2**t) / (1 - self.beta_1**t)

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        m, v = self._momentums[index], self._velocities[index]
        alpha = self._step_size(learning_rate)
        m.add_((gradient - m) * (1 - self.beta_1))
        v.add_((gradient.square() - v) * (1 - self.beta_2))
        if self.amsgrad:
            v_hat = self._velocity_hats[index]
            v_hat.copy_(torch.maximum(v_hat, v))
            v = v_hat
        variable.sub_(m * alpha / (v.sqrt() + self.epsilon))

    def _foreach_update_step(self, grads, variables, learning_rate, indices):
        # Keras's update, in the fewest fused kernels: m += (g - m)(1 - b1) is a lerp; v = b2 v + (1 - b2) g^2
        # an addcmul; var -= alpha m / (sqrt(v) + eps) an addcdiv. Same algebra, same numbers to rounding.
        alpha = _foreach.as_device_scalar(self._step_size(learning_rate), variables[0])
        m = [self._momentums[i] for i in indices]
        v = [self._velocities[i] for i in indices]
        torch._foreach_lerp_(m, grads, 1 - self.beta_1)
        torch._foreach_mul_(v, self.beta_2)
        torch._foreach_addcmul_(v, grads, grads, 1 - self.beta_2)
        if self.amsgrad:
            v_hat = [self._velocity_hats[i] for i in indices]
            torch._foreach_maximum_(v_hat, v)
            v = v_hat
        denominators = torch._foreach_sqrt(v)
        torch._foreach_add_(denominators, self.epsilon)
        if isinstance(alpha, torch.Tensor):
            updates = torch._foreach_div(m, denominators)
            torch._foreach_mul_(updates, alpha)
            torch._foreach_sub_(variables, updates)
        else:
            torch._foreach_addcdiv_(variables, m, denominators, value=-alpha)

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon, "amsgrad": self.amsgrad})
        return config
