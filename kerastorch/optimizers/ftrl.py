"""`Ftrl`: Follow The Regularized Leader, for wide, sparse linear models."""

import torch

from kerastorch.optimizers.optimizer import Optimizer


class Ftrl(Optimizer):
    """FTRL-Proximal (McMahan et al., 2013), with L1, L2 and L2-shrinkage regularization.

    Per weight it keeps `accumulator` (sum of squared gradients) and `linear`; the new weight is the
    closed-form minimizer `(clip(linear, -l1, l1) - linear) / quadratic`, exactly 0 while `|linear| <= l1`,
    which is where FTRL's sparsity comes from.

    Args:
        learning_rate: A float, a `LearningRateSchedule` or a callable. Defaults to 0.001.
        learning_rate_power: Float <= 0: how the rate falls with the accumulator (-0.5 is 1/sqrt).
        initial_accumulator_value: Starting accumulator value (>= 0).
        l1_regularization_strength: L1 strength (>= 0).
        l2_regularization_strength: L2 strength (>= 0), the stabilization penalty.
        l2_shrinkage_regularization_strength: L2 shrinkage strength (>= 0), a magnitude penalty.
        beta: Float; `beta / (2 * lr)` is added to the L2 strength (the paper's beta).
        **kwargs: The shared arguments of `keras.optimizers.Optimizer`.
    """

    def __init__(self, learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 l2_shrinkage_regularization_strength=0.0, beta=0.0, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(
            learning_rate=learning_rate, name=name, weight_decay=weight_decay, clipnorm=clipnorm,
            clipvalue=clipvalue, global_clipnorm=global_clipnorm, use_ema=use_ema, ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency, loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps, **kwargs,
        )  # fmt: skip
        if initial_accumulator_value < 0.0:
            raise ValueError(
                "`initial_accumulator_value` needs to be positive or zero. "
                f"Received: initial_accumulator_value={initial_accumulator_value}."
            )
        if learning_rate_power > 0.0:
            raise ValueError(
                f"`learning_rate_power` needs to be negative or zero. Received: learning_rate_power={learning_rate_power}."
            )
        for arg, value in (
            ("l1_regularization_strength", l1_regularization_strength),
            ("l2_regularization_strength", l2_regularization_strength),
            ("l2_shrinkage_regularization_strength", l2_shrinkage_regularization_strength),
        ):
            if value < 0.0:
                raise ValueError(f"`{arg}` needs to be positive or zero. Received: {arg}={value}.")
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self.beta = beta

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        from kerastorch.initializers import Constant

        self._accumulators, self._linears = self.add_optimizer_variables(
            var_list, ["accumulator", "linear"], initializer=[Constant(self.initial_accumulator_value), "zeros"]
        )

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        accumulator, linear = self._accumulators[index], self._linears[index]
        power = -self.learning_rate_power
        l2 = self.l2_regularization_strength + self.beta / (2.0 * learning_rate)
        grad_to_use = gradient + 2 * self.l2_shrinkage_regularization_strength * variable
        new_accumulator = accumulator + gradient.square()
        linear.add_(grad_to_use - (new_accumulator.pow(power) - accumulator.pow(power)) / learning_rate * variable)
        quadratic = new_accumulator.pow(power) / learning_rate + 2 * l2
        l1 = self.l1_regularization_strength
        variable.copy_((linear.clamp(-l1, l1) - linear) / quadratic)
        accumulator.copy_(new_accumulator)

    def _foreach_update_step(self, grads, variables, learning_rate, indices):
        accumulators = [self._accumulators[i] for i in indices]
        linears = [self._linears[i] for i in indices]
        power = -self.learning_rate_power
        l2 = self.l2_regularization_strength + self.beta / (2.0 * learning_rate)
        grads_to_use = torch._foreach_add(grads, torch._foreach_mul(variables, 2 * self.l2_shrinkage_regularization_strength))
        new_accumulators = torch._foreach_add(accumulators, torch._foreach_mul(grads, grads))
        new_powered = torch._foreach_pow(new_accumulators, power)
        sigma = torch._foreach_div(torch._foreach_sub(new_powered, torch._foreach_pow(accumulators, power)), learning_rate)
        torch._foreach_add_(linears, torch._foreach_sub(grads_to_use, torch._foreach_mul(sigma, variables)))
        quadratic = torch._foreach_add(torch._foreach_div(new_powered, learning_rate), 2 * l2)
        l1 = self.l1_regularization_strength
        clipped = torch._foreach_clamp_max(torch._foreach_clamp_min(linears, -l1), l1)
        torch._foreach_copy_(variables, torch._foreach_div(torch._foreach_sub(clipped, linears), quadratic))
        torch._foreach_copy_(accumulators, new_accumulators)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "learning_rate_power": self.learning_rate_power,
                "initial_accumulator_value": self.initial_accumulator_value,
                "l1_regularization_strength": self.l1_regularization_strength,
                "l2_regularization_strength": self.l2_regularization_strength,
                "l2_shrinkage_regularization_strength": self.l2_shrinkage_regularization_strength,
                "beta": self.beta,
            }
        )
        return config
