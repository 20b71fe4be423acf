"""`LossScaleOptimizer`: dynamic loss scaling around another optimizer, for float16 training."""

import torch

from kerastorch.optimizers.optimizer import Optimizer
from kerastorch.saving import serialization_lib


class LossScaleOptimizer(Optimizer):
    """Wraps an optimizer with a dynamic loss scale that keeps small float16 gradients from underflowing.

    Multiply the loss by `scale_loss(loss)` before computing gradients; `apply` divides the gradients by the
    scale. If any gradient is inf or NaN the step is skipped (variables, slots and `iterations` are left as
    they were) and the scale halves; after `dynamic_growth_steps` finite steps in a row it doubles.

    The skip is decided on the device, without a host synchronization: the wrapped optimizer's step runs
    anyway and its results are kept or discarded with `torch.where`. That costs a copy of the variables and
    slots per step, and the wrapped optimizer then computes bias corrections and schedules from its device
    step counter (the host cannot know whether a step was skipped).

    Args:
        inner_optimizer: The `Optimizer` to wrap.
        initial_scale: The starting loss scale (a float).
        dynamic_growth_steps: Finite steps after which the scale doubles.
        name: The optimizer's name.
    """

    def __init__(self, inner_optimizer, initial_scale=2.0**15, dynamic_growth_steps=2000, name=None, **kwargs):
        if not kwargs.pop("dynamic", True):
            raise ValueError(
                "LossScaleOptimizer no longer supports `dynamic=False`. Instead, simply set `loss_scale_factor` "
                "directly on the `inner_optimizer`. Received: dynamic=False"
            )
        defaults = {
            "weight_decay": None, "clipnorm": None, "global_clipnorm": None, "clipvalue": None, "use_ema": False,
            "ema_momentum": 0.99, "ema_overwrite_frequency": None, "loss_scale_factor": None,
            "gradient_accumulation_steps": None,
        }  # fmt: skip
        for arg_name, default in defaults.items():
            if arg_name in kwargs:
                value = kwargs.pop(arg_name)
                if value != default:
                    raise ValueError(
                        f"LossScaleOptimizer does not support `{arg_name}`. Instead, set `{arg_name}` on the "
                        f"`inner_optimizer`. Received: {arg_name}={value}"
                    )
        if kwargs:
            raise ValueError(f"LossScaleOptimizer does not support arguments: {sorted(kwargs)}. Received: {kwargs}")
        if not isinstance(inner_optimizer, Optimizer):
            raise TypeError(
                f"`inner_optimizer` must be a keras.optimizers.Optimizer. Received: inner_optimizer={inner_optimizer!r}"
            )
        if not initial_scale > 0:
            raise ValueError(f"Argument `initial_scale` must be > 0. Received: initial_scale={initial_scale}")
        if not isinstance(dynamic_growth_steps, int) or dynamic_growth_steps < 1:
            raise ValueError(
                f"Argument `dynamic_growth_steps` must be an int >= 1. Received: dynamic_growth_steps={dynamic_growth_steps}"
            )
        super().__init__(learning_rate=0.0, name=name)
        self.inner_optimizer = inner_optimizer
        self.initial_scale = initial_scale
        self.dynamic_growth_steps = dynamic_growth_steps
        self.inner_optimizer.loss_scale_factor = None
        self.inner_optimizer._steps_on_host = False

    def build(self, var_list):
        self.step_counter = self.add_variable((), initializer="zeros", dtype=torch.int32, name="step_counter")
        from kerastorch.initializers import Constant

        self.dynamic_scale = self.add_variable(
            (), initializer=Constant(self.initial_scale), dtype=torch.float32, name="dynamic_scale"
        )
        self.inner_optimizer.build(var_list)
        super().build(var_list)

    @property
    def variables(self):
        return self._variables + self.inner_optimizer.variables

    def check_finite(self, grads):
        """A 0-d bool device tensor: whether every gradient is finite (no host sync)."""
        return self._all_finite([g.detach().clone() for g in grads if g is not None])

    def _all_finite(self, tensors):
        # AMP's fused kernel raises a flag where any element is inf or NaN. It multiplies its inputs in place
        # (by 1 here), so it only ever sees tensors this optimizer owns.
        groups = {}
        for tensor in tensors:
            groups.setdefault((tensor.device, tensor.dtype), []).append(tensor)
        home = self.dynamic_scale.device
        found = torch.zeros((), device=home)
        for (device, _), group in groups.items():
            flag = torch.zeros(1, device=device)
            torch._amp_foreach_non_finite_check_and_unscale_(group, flag, torch.ones(1, device=device))
            found = found + flag.to(home)[0]
        return found == 0

    def apply(self, grads, trainable_variables=None):
        grads = list(grads)
        if not self.built:
            self.build(trainable_variables if trainable_variables is not None else [])
            self.built = True
        variables = list(trainable_variables) if trainable_variables is not None else self._trainable_variables
        with torch.no_grad():
            scale = self.dynamic_scale
            unscaled = [
                g if g is None or getattr(v, "overwrite_with_gradient", False) else g / scale.to(g.device)
                for g, v in zip(grads, variables)
            ]
            # The divided gradients are fresh tensors: check those, cloning only the few passed through as is.
            owned = [u if u is not g else g.detach().clone() for u, g in zip(unscaled, grads) if g is not None]
            finite = self._all_finite(owned)
            sharding = next((v._sharding for v in variables if getattr(v, "_sharding", None) is not None
                             and v._sharding.sharded), None)
            if sharding is not None:
                # Under ModelParallel each process sees its pieces of the gradients: skip or take the step alike.
                finite = sharding.all_agree(finite)
            # Everything the inner step may write, kept to restore it if this step turns out non-finite.
            inner = self.inner_optimizer
            guarded = [t for t in list(self._trainable_variables) + inner.variables if t is not inner._learning_rate]
            saved = [t.detach().clone() for t in guarded]
        inner.apply(unscaled, trainable_variables=trainable_variables)
        with torch.no_grad():
            for tensor, old in zip(guarded, saved):
                tensor.copy_(torch.where(finite.to(tensor.device), tensor, old))
            grow = finite & (self.step_counter == self.dynamic_growth_steps - 1)
            new_counter = torch.where(grow | ~finite, torch.zeros_like(self.step_counter), self.step_counter + 1)
            new_scale = torch.where(grow, scale * 2.0, torch.where(finite, scale, scale * 0.5))
            self.step_counter.copy_(new_counter)
            self.dynamic_scale.copy_(new_scale)

    def _enable_compiled_updates(self):
        # The scale bookkeeping stays eager; the inner optimizer's update is what compiles.
        self.inner_optimizer._enable_compiled_updates()

    @property
    def learning_rate(self):
        return self.inner_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        self.inner_optimizer.learning_rate = learning_rate

    @property
    def iterations(self):
        return self.inner_optimizer.iterations

    def scale_loss(self, loss):
        """Multiplies `loss` by the current scale (the initial one before the first step)."""
        scale = self.dynamic_scale if self.built else self.initial_scale
        return loss * scale

    def finalize_variable_values(self, var_list):
        self.inner_optimizer.finalize_variable_values(var_list)

    def get_config(self):
        return {
            "name": self.name,
            "inner_optimizer": serialization_lib.serialize_keras_object(self.inner_optimizer),
            "initial_scale": self.initial_scale,
            "dynamic_growth_steps": self.dynamic_growth_steps,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        inner = serialization_lib.deserialize_keras_object(config.pop("inner_optimizer"), custom_objects=custom_objects)
        return cls(inner, **config)
