"""`Lamb`: Adam's direction, rescaled per layer by the trust ratio `||w|| / ||update||`."""

import torch

from kerastorch.optimizers import _foreach
from kerastorch.optimizers.optimizer import Optimizer
from kerastorch.optimizers.optimizer import _check_in_range
from kerastorch.optimizers.optimizer import _check_non_negative


class Lamb(Optimizer):
    """LAMB (You et al.), for large-batch training: the bias-corrected Adam direction
    `r = m_hat / (sqrt(v_hat) + epsilon)` is scaled by `||w|| / ||r||` (1 where either norm is 0).

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
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(var_list, ["momentum", "velocity"])

    def _corrections(self):
        t = self._local_step()
        return 1.0 - self.beta_1**t, 1.0 - self.beta_2**t

    @staticmethod
    def _trust_ratio(w_norm, u_norm):
        one = torch.ones_like(w_norm)
        return torch.where(w_norm > 0, torch.where(u_norm > 0, w_norm / u_norm, one), one)

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        m, v = self._momentums[index], self._velocities[index]
        correction_1, correction_2 = self._corrections()
        m.add_((gradient - m) * (1 - self.beta_1))
        v.add_((gradient.square() - v) * (1 - self.beta_2))
        update = (m / correction_1) / ((v / correction_2).sqrt() + self.epsilon)
        ratio = self._trust_ratio(variable.square().sum().sqrt(), update.square().sum().sqrt())
        variable.sub_(ratio * learning_rate * update)

    def _foreach_update_step(self, grads, variables, learning_rate, indices):
        like = variables[0]
        correction_1, correction_2 = (_foreach.as_device_scalar(c, like) for c in self._corrections())
        m = [self._momentums[i] for i in indices]
        v = [self._velocities[i] for i in indices]
        torch._foreach_mul_(m, self.beta_1)
        torch._foreach_add_(m, grads, alpha=1 - self.beta_1)
        torch._foreach_mul_(v, self.beta_2)
        torch._foreach_add_(v, torch._foreach_mul(grads, grads), alpha=1 - self.beta_2)
        denominators = torch._foreach_sqrt(torch._foreach_div(v, correction_2))
        torch._foreach_add_(denominators, self.epsilon)
        updates = torch._foreach_div(torch._foreach_div(m, correction_1), denominators)
        # One trust ratio per variable, computed for all of them at once from the stacked norms.
        ratios = self._trust_ratio(torch.stack(torch._foreach_norm(variables)), torch.stack(torch._foreach_norm(updates)))
        torch._foreach_mul_(updates, list((ratios * learning_rate).unbind()))
        torch._foreach_sub_(variables, updates)

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
