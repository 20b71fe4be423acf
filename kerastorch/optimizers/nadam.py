"""`Nadam`: Adam with Nesterov momentum (Dozat's schedule of momentum decay)."""

import numpy as np
import torch

from kerastorch.optimizers import _foreach
from kerastorch.optimizers.optimizer import Optimizer
from kerastorch.optimizers.optimizer import _check_in_range
from kerastorch.optimizers.optimizer import _check_non_negative


class Nadam(Optimizer):
    """Nesterov-accelerated Adam.

    The momentum coefficient follows `u_t = beta_1 * (1 - 0.5 * 0.96**t)`; the running product of the
    `u_t` is a state variable (the last in `variables`, as in Keras).

    Args:
        learning_rate: A float, a `LearningRateSchedule` or a callable. Defaults to 0.001.
        beta_1: Decay of the first-moment average, in [0, 1).
        beta_2: Decay of the second-moment average, in [0, 1).
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
        dtype = var_list[0].dtype if var_list else None
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(var_list, ["momentum", "velocity"])
        self._u_product = self.add_variable((), initializer="ones", dtype=dtype, name="variable")
        self._u_product_host = 1.0
        self._u_product_seen = self._u_product._version

    def _momentum_schedule(self, step):
        return self.beta_1 * (1.0 - 0.5 * 0.96**step)

    def _backend_update_step(self, grads, trainable_variables, learning_rate):
        # The product advances once per step, before the per-variable updates read it.
        u_t = self._momentum_schedule(self._local_step())
        if isinstance(u_t, torch.Tensor) or not self._steps_on_host:
            self._u_product.mul_(u_t)
            self._u_product_now = self._u_product.clone()
        else:
            if self._u_product._version != self._u_product_seen:
                self._u_product_host = float(self._u_product.item())
            # Rounded like the float32 variable Keras multiplies on the device.
            self._u_product_host = float(np.float32(self._u_product_host * u_t))
            self._u_product.fill_(self._u_product_host)
            self._u_product_seen = self._u_product._version
            self._u_product_now = self._u_product_host
        super()._backend_update_step(grads, trainable_variables, learning_rate)

    def _coefficients(self):
        t = self._local_step()
        u_t = self._momentum_schedule(t)
        u_t_1 = self._momentum_schedule(t + 1)
        u_product_t = self._u_product_now
        return u_t, u_t_1, u_product_t, u_product_t * u_t_1, 1 - self.beta_2**t

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        m, v = self._momentums[index], self._velocities[index]
        u_t, u_t_1, u_product_t, u_product_t_1, v_correction = self._coefficients()
        m.add_((gradient - m) * (1 - self.beta_1))
        v.add_((gradient.square() - v) * (1 - self.beta_2))
        m_hat = u_t_1 * m / (1 - u_product_t_1) + (1 - u_t) * gradient / (1 - u_product_t)
        v_hat = v / v_correction
        variable.sub_(m_hat * learning_rate / (v_hat.sqrt() + self.epsilon))

    def _foreach_update_step(self, grads, variables, learning_rate, indices):
        like = variables[0]
        u_t, u_t_1, u_product_t, u_product_t_1, v_correction = (
            _foreach.as_device_scalar(c, like) for c in self._coefficients()
        )
        m = [self._momentums[i] for i in indices]
        v = [self._velocities[i] for i in indices]
        torch._foreach_mul_(m, self.beta_1)
        torch._foreach_add_(m, grads, alpha=1 - self.beta_1)
        torch._foreach_mul_(v, self.beta_2)
        torch._foreach_add_(v, torch._foreach_mul(grads, grads), alpha=1 - self.beta_2)
        m_hat = torch._foreach_div(torch._foreach_mul(m, u_t_1), 1 - u_product_t_1)
        torch._foreach_add_(m_hat, torch._foreach_div(torch._foreach_mul(grads, 1 - u_t), 1 - u_product_t))
        denominators = torch._foreach_sqrt(torch._foreach_div(v, v_correction))
        torch._foreach_add_(denominators, self.epsilon)
        _foreach.scaled_add_(variables, torch._foreach_div(torch._foreach_mul(m_hat, learning_rate), denominators), -1)

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
