"""`Adafactor`: Adam-like steps with factored (row and column) second moments, for memory."""

import torch

from kerastorch.backend.variable import Variable
from kerastorch.optimizers import _foreach
from kerastorch.optimizers.optimizer import Optimizer


class Adafactor(Optimizer):
    """Adafactor (Shazeer & Stern, 2018): for a matrix, keeps a row mean `r` and a column mean `c` of the
    squared gradients instead of a full second moment, so the state grows with rows + columns.

    Steps are relative to the weight's scale: `alpha_t = max(epsilon_2, rms(w)) * min(lr, 1 / sqrt(t))`, and
    each update is clipped so its RMS is at most `clip_threshold`. Variables with fewer than 2 dimensions
    keep a full second moment.

    The update is per variable (`update_step`): the factored statistics differ in shape from variable to
    variable, so there is no foreach path.

    Args:
        learning_rate: A float, a `LearningRateSchedule` or a callable. Defaults to 0.001.
        beta_2_decay: Exponent of the second-moment decay `1 - t ** beta_2_decay`.
        epsilon_1: Added to the squared gradient.
        epsilon_2: Lower bound of the weight RMS that scales the step.
        clip_threshold: Bound on the RMS of each update.
        relative_step: If True and the rate is a float, the rate is capped at `1 / sqrt(t)`.
        **kwargs: The shared arguments of `keras.optimizers.Optimizer`.
    """

    def __init__(self, learning_rate=0.001, beta_2_decay=-0.8, epsilon_1=1e-30, epsilon_2=1e-3, clip_threshold=1.0,
                 relative_step=True, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(
            learning_rate=learning_rate, name=name, weight_decay=weight_decay, clipnorm=clipnorm,
            clipvalue=clipvalue, global_clipnorm=global_clipnorm, use_ema=use_ema, ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency, loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps, **kwargs,
        )  # fmt: skip
        if clip_threshold <= 0:
            raise ValueError(f"Argument `clip_threshold` must be > 0. Received: clip_threshold={clip_threshold}")
        self.beta_2_decay = beta_2_decay
        self.epsilon_1 = epsilon_1
        self.epsilon_2 = epsilon_2
        self.clip_threshold = clip_threshold
        self.relative_step = relative_step

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._r, self._c, self._v = [], [], []
        for variable in var_list:
            name = getattr(variable, "name", None) or "variable"
            if len(variable.shape) < 2:
                # Placeholders, created (and saved) as Keras creates them: int scalars named after the variable.
                for store in (self._r, self._c):
                    store.append(self._make_variable(torch.zeros((), dtype=torch.int32), name))
            elif getattr(variable, "overwrite_with_gradient", False):
                self._r.append(None)
                self._c.append(None)
            else:
                shape = tuple(variable.shape)
                self._r.append(self._add_variable(shape[:-1], "zeros", variable.dtype, name, variable.device))
                self._c.append(self._add_variable(shape[:-2] + shape[-1:], "zeros", variable.dtype, name, variable.device))
            if getattr(variable, "overwrite_with_gradient", False):
                self._v.append(None)
            else:
                self._v.append(self.add_variable_from_reference(variable, "velocity"))

    @staticmethod
    def _rms(x):
        return x.square().mean().sqrt()

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        t = self._local_step()
        if isinstance(t, torch.Tensor):
            t = t.to(variable.dtype)
        inverse_sqrt_t = 1 / _foreach.sqrt(t)
        lr = learning_rate
        if isinstance(self._learning_rate, Variable) and self.relative_step:
            lr = _foreach.minimum(lr, inverse_sqrt_t)
        rho_t = _foreach.minimum(lr, inverse_sqrt_t)
        alpha_t = torch.clamp_min(self._rms(variable), self.epsilon_2) * rho_t
        regulated = gradient.square() + self.epsilon_1
        beta_2_t = 1 - t**self.beta_2_decay
        v = self._v[index]
        if len(variable.shape) >= 2:
            r, c = self._r[index], self._c[index]
            r.copy_(beta_2_t * r + (1 - beta_2_t) * regulated.mean(dim=-1))
            c.copy_(beta_2_t * c + (1 - beta_2_t) * regulated.mean(dim=-2))
            v.copy_((r / r.mean(dim=-1, keepdim=True)).unsqueeze(-1) * c.unsqueeze(-2))
        else:
            v.copy_(beta_2_t * v + (1 - beta_2_t) * regulated)
        u = gradient / v.sqrt()
        u_hat = u / torch.clamp_min(self._rms(u) / self.clip_threshold, 1.0)
        variable.sub_(alpha_t * u_hat)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "beta_2_decay": self.beta_2_decay,
                "epsilon_1": self.epsilon_1,
                "epsilon_2": self.epsilon_2,
                "clip_threshold": self.clip_threshold,
                "relative_step": self.relative_step,
            }
        )
        return config
