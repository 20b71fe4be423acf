"""`Optimizer`: the base every kerastorch optimizer derives from.

One step (`apply`) runs, in Keras's order: drop missing gradients, overwrite `overwrite_with_gradient`
variables, unscale by `loss_scale_factor`, then (on an update step when accumulating gradients) clip, decay
weights, update, then the EMA and its periodic overwrite, then variable constraints, then `iterations += 1`.

Everything inside a step runs on the device, with no host-device synchronization: the step number and the
learning rate are mirrored in Python on the host (`_host_iterations`, `_host_learning_rate`), so bias
corrections and schedules are Python floats. A mirror re-reads its variable only when something outside the
optimizer wrote to it (detected through the tensor's version counter), e.g. after loading weights.
"""

import re
import warnings

import numpy as np
import torch

from kerastorch.backend import config as backend_config
from kerastorch.backend import jit
from kerastorch.backend.device import get_device
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.variable import Variable
from kerastorch.optimizers import _foreach
from kerastorch.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from kerastorch.saving import serialization_lib
from kerastorch.utils.naming import auto_name


class Optimizer:
    """Base class of the optimizers: the update rule lives in subclasses, the step's plumbing lives here.

    A subclass overrides `build` (create its slot variables with `add_variable_from_reference` or
    `add_optimizer_variables`), `update_step` (the reference update of one variable, written for clarity) and
    `get_config`; it may add `_foreach_update_step`, the same update over a list of variables with
    `torch._foreach_*` kernels, which `apply` then prefers. Set `optimizer.foreach = False` to force the
    reference path (for checking one path against the other).

    Args:
        learning_rate: A float, a `keras.optimizers.schedules.LearningRateSchedule`, or a callable taking no
            arguments and returning the rate. Keras 2's `lr=` spelling is accepted too.
        weight_decay: Float. If set, each variable is multiplied by `1 - weight_decay * learning_rate` before
            the update (decoupled weight decay).
        clipnorm: Float. If set, each gradient is clipped so that its L2 norm is no higher than this value.
        clipvalue: Float. If set, each gradient is clipped elementwise to `[-clipvalue, clipvalue]`.
        global_clipnorm: Float. If set, all gradients are scaled so that their joint L2 norm is no higher than
            this value. At most one of the three clipping arguments may be set.
        use_ema: Boolean. If True, an exponential moving average of the trained variables is kept.
        ema_momentum: Float in [0, 1]: `average = ema_momentum * average + (1 - ema_momentum) * variable`.
        ema_overwrite_frequency: Int or None. Every this many steps the variables are overwritten by their
            average; if None, only `finalize_variable_values()` does it (`fit()` calls it after training).
        loss_scale_factor: Float or None. The loss is multiplied by it (`scale_loss`) and the gradients
            divided by it, to keep small float16 gradients from underflowing.
        gradient_accumulation_steps: Int >= 2 or None. If set, variables are updated every this many steps,
            with the mean of the gradients since the last update.
        name: String. The prefix of the optimizer's variable paths; default from the class name.
    """

    def __init__(
        self,
        learning_rate,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        **kwargs,
    ):
        if "lr" in kwargs:
            # Keras 2 scripts spell it `lr`; it means the same thing.
            learning_rate = kwargs.pop("lr")
        if kwargs.pop("decay", None) is not None:
            warnings.warn("Argument `decay` is no longer supported and will be ignored.", stacklevel=2)
        if kwargs:
            raise ValueError(f"Argument(s) not recognized by {type(self).__name__}. Received: {kwargs}")
        _check_non_negative("weight_decay", weight_decay)
        _check_non_negative("clipnorm", clipnorm)
        _check_non_negative("clipvalue", clipvalue)
        _check_non_negative("global_clipnorm", global_clipnorm)
        if sum(value is not None for value in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise ValueError(
                "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
                f"Received: clipnorm={clipnorm}, clipvalue={clipvalue}, global_clipnorm={global_clipnorm}"
            )
        if gradient_accumulation_steps and not gradient_accumulation_steps >= 2:
            raise ValueError(
                "`gradient_accumulation_steps` must be an integer >= 2. "
                f"Received: gradient_accumulation_steps={gradient_accumulation_steps}"
            )
        if loss_scale_factor is not None and not loss_scale_factor > 0:
            raise ValueError(f"`loss_scale_factor` must be > 0. Received: loss_scale_factor={loss_scale_factor}")
        if use_ema:
            if not 0 <= ema_momentum <= 1:
                raise ValueError(f"`ema_momentum` must be in the range [0, 1]. Received: ema_momentum={ema_momentum}")
            if ema_overwrite_frequency and (
                not isinstance(ema_overwrite_frequency, int) or ema_overwrite_frequency < 1
            ):
                raise ValueError(
                    "`ema_overwrite_frequency` must be an integer >= 1 or None. "
                    f"Received: ema_overwrite_frequency={ema_overwrite_frequency}"
                )
        self.name = name or auto_name(type(self).__name__)
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.global_clipnorm = global_clipnorm
        self.clipvalue = clipvalue
        self.use_ema = use_ema
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self.built = False
        self.foreach = True
        # False while a LossScaleOptimizer wraps this one: a skipped step is then only known on the device.
        self._steps_on_host = True

        self._variables = []
        self._trainable_variables = []
        self._trainable_variables_indices = {}
        self._device = get_device()
        self._iterations = self._make_variable(torch.zeros((), dtype=torch.int32), "iteration")
        self._iterations_host = 0
        self._iterations_seen = self._iterations._version

        if isinstance(learning_rate, LearningRateSchedule) or callable(learning_rate):
            self._learning_rate = learning_rate
        else:
            learning_rate = _check_learning_rate(learning_rate)
            self._learning_rate = self._make_variable(
                torch.tensor(learning_rate, dtype=to_torch_dtype(backend_config.floatx())), "learning_rate"
            )
            self._remember_learning_rate(learning_rate)

    # ------------------------------------------------------------------ variables
    def _make_variable(self, value, name):
        variable = Variable(value.to(self._device), trainable=False, name=name, path=f"{self.name}/{name}")
        self._track_variable(variable)
        return variable

    def _track_variable(self, variable):
        self._variables.append(variable)

    def _untrack_variable(self, variable):
        self._variables = [v for v in self._variables if v is not variable]

    @property
    def variables(self):
        """The optimizer's own state, in Keras's order: iteration, learning_rate, then the slots by build order."""
        self._mark_sharded_slots()
        return self._variables[:]

    def _mark_sharded_slots(self):
        # ModelParallel: a slot made from a sharded weight stores this process's piece, as its weight does; marked
        # with the weight's sharding, it is read whole (`numpy()`, `get_weights()`, saving) and written from whole
        # values. Looked at again only when variables were added; a weight sharded after the optimizer was built
        # (adopted by `fit`) marks its slots itself.
        count = len(self._variables)
        if self.__dict__.get("_slots_marked_at") == count:
            return
        self.__dict__["_slots_marked_at"] = count
        if any(getattr(v, "_sharding", None) is not None for v in self._trainable_variables):
            from kerastorch.distribution import _sharded_weights

            _sharded_weights.mark_slots(self)

    @property
    def iterations(self):
        """The number of optimizer steps taken (a device int variable; updates, when accumulating)."""
        if self.gradient_accumulation_steps:
            return torch.floor_divide(self._iterations, self.gradient_accumulation_steps)
        return self._iterations

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="none", layout=None, name=None):
        """Creates an optimizer state variable (never trainable) and tracks it in `variables`.

        Args:
            shape: The shape (a tuple of ints).
            initializer: An initializer object or name; `"zeros"` by default.
            dtype: The dtype; default `keras.backend.floatx()`.
            aggregation: Accepted for Keras compatibility; one device, so it has no effect.
            layout: Accepted for Keras compatibility; no effect.
            name: The variable's name; its path is `"<optimizer name>/<name>"`.
        """
        return self._add_variable(shape, initializer, dtype, name, self._device)

    def _add_variable(self, shape, initializer, dtype, name, device):
        from kerastorch import initializers

        dtype = to_torch_dtype(dtype or backend_config.floatx()) if not isinstance(dtype, torch.dtype) else dtype
        shape = tuple(shape)
        if initializer in ("zeros", "zero"):
            value = torch.zeros(shape, dtype=dtype, device=device)
        else:
            initializer = initializers.get(initializer)
            value = torch.as_tensor(initializer(shape, dtype=dtype)).to(device=device, dtype=dtype)
        return self._make_variable(value.detach(), name or "variable")

    def add_variable_from_reference(self, reference_variable, name=None, initializer="zeros"):
        """Creates a state variable shaped, typed and placed like `reference_variable`.

        Its name is `"<reference path with / as _>_<name>"`, e.g. `"dense_kernel_momentum"`, as in Keras, so
        saved optimizer state lines up with real Keras's.
        """
        reference_name = getattr(reference_variable, "path", None) or getattr(reference_variable, "name", None)
        reference_name = str(reference_name or "variable").replace("/", "_").replace(":", "_")
        return self._add_variable(
            reference_variable.shape,
            initializer,
            reference_variable.dtype,
            f"{reference_name}_{name or 'var'}",
            reference_variable.device,
        )

    def add_optimizer_variables(self, trainable_variables, name, initializer="zeros"):
        """One state variable per trainable variable for each name in `name` (a string or a list).

        The variables are created interleaved (all names for the first variable, then the second...), Keras's
        order. Variables with `overwrite_with_gradient` get `None`. Returns a list, or a tuple of lists when
        `name` is a list.
        """
        names = [name] if isinstance(name, str) else list(name)
        if isinstance(initializer, (list, tuple)):
            initializers_list = list(initializer)
        else:
            initializers_list = [initializer] * len(names)
        if len(names) != len(initializers_list):
            raise ValueError(
                "The number of provided names must match the number of provided initializers. "
                f"Received: name={name}, initializer={initializer}"
            )
        results = tuple([] for _ in names)
        for variable in trainable_variables:
            for i, (var_name, var_init) in enumerate(zip(names, initializers_list)):
                if _overwrite_with_gradient(variable):
                    results[i].append(None)
                else:
                    results[i].append(self.add_variable_from_reference(variable, var_name, var_init))
        return results[0] if isinstance(name, str) else results

    def build(self, variables):
        """Creates the state for `variables` (EMA averages and gradient accumulators here; slots in subclasses)."""
        variables = list(variables)
        if self.use_ema:
            self._model_variables_moving_average = self.add_optimizer_variables(variables, "average")
        if self.gradient_accumulation_steps:
            self._accumulated_gradients = self.add_optimizer_variables(variables, "gradient_accumulator")
        self._trainable_variables_indices = {id(variable): i for i, variable in enumerate(variables)}
        self._trainable_variables = variables[:]
        self.built = True

    def _get_variable_index(self, variable):
        return self._trainable_variables_indices[id(variable)]

    def _var_key(self, variable):
        return id(variable)

    # ------------------------------------------------------------------ host mirrors
    def _host_iterations(self):
        """`_iterations` as a Python int, re-read (one sync) only if something outside wrote to it."""
        if self._iterations._version != self._iterations_seen:
            self._iterations_host = int(self._iterations.item())
            self._iterations_seen = self._iterations._version
        return self._iterations_host

    def _remember_learning_rate(self, value):
        # The mirror holds the variable's dtype-rounded value, which is what Keras computes with.
        self._learning_rate_host = torch.tensor(value, dtype=self._learning_rate.dtype).item()
        self._learning_rate_seen = self._learning_rate._version

    def _host_learning_rate(self):
        if self._learning_rate._version != self._learning_rate_seen:
            self._learning_rate_host = float(self._learning_rate.item())
            self._learning_rate_seen = self._learning_rate._version
        return self._learning_rate_host

    def _raw_iterations(self):
        """The step count a schedule sees: a host int, or the device variable when the host cannot know it."""
        return self._host_iterations() if self._steps_on_host else self._iterations

    def _optimizer_step(self):
        """`iterations` (updates so far) as a host int or a device tensor."""
        raw = self._raw_iterations()
        if self.gradient_accumulation_steps:
            return raw // self.gradient_accumulation_steps
        return raw

    def _local_step(self):
        """The 1-based number of the update being made, for bias corrections."""
        return self._optimizer_step() + 1

    def _step_learning_rate(self):
        """This step's learning rate: a Python float, or a tensor from a schedule on a device step."""
        if isinstance(self._learning_rate, LearningRateSchedule):
            return self._learning_rate(self._raw_iterations())
        if isinstance(self._learning_rate, Variable):
            if self.__dict__.get("_learning_rate_on_device"):
                return self._learning_rate
            return self._host_learning_rate()
        return self._learning_rate()

    @property
    def learning_rate(self):
        """The current rate: the rate variable, or the schedule's (or callable's) value at this step."""
        if isinstance(self._learning_rate, LearningRateSchedule):
            return self._learning_rate(self._iterations)
        if isinstance(self._learning_rate, Variable):
            return self._learning_rate
        return self._learning_rate()

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        previous = self._learning_rate if isinstance(self._learning_rate, Variable) else None
        if isinstance(learning_rate, LearningRateSchedule) or callable(learning_rate):
            self._learning_rate = learning_rate
            if previous is not None:
                self._untrack_variable(previous)
            return
        if previous is None:
            raise TypeError(
                "This optimizer was created with a `LearningRateSchedule` or a callable as its `learning_rate`, "
                "hence its learning rate is not settable. Create the optimizer with a float `learning_rate` to "
                f"set it later. Received: learning_rate={learning_rate}"
            )
        if isinstance(learning_rate, torch.Tensor):
            with torch.no_grad():
                previous.copy_(learning_rate)
            self._learning_rate_seen = -1  # re-read lazily
            return
        learning_rate = _check_learning_rate(learning_rate)
        with torch.no_grad():
            previous.fill_(learning_rate)
        self._remember_learning_rate(learning_rate)

    # ------------------------------------------------------------------ the step
    def apply_gradients(self, grads_and_vars):
        """Applies `[(gradient, variable), ...]`; returns `iterations` (tf.keras compatibility)."""
        grads, variables = zip(*grads_and_vars)
        self.apply(list(grads), list(variables))
        return self._iterations

    def apply(self, grads, trainable_variables=None):
        """Updates `trainable_variables` with `grads` (one step).

        Args:
            grads: A list of gradient tensors, one per variable; `None` entries are skipped with a warning.
            trainable_variables: The variables, on the first call (it builds the optimizer) or always; if
                omitted, the variables the optimizer was built with.
        """
        grads = list(grads)
        if not grads:
            return
        trainable_variables = self._variables_of_step(grads, trainable_variables)
        with torch.no_grad():
            grads, trainable_variables = self._filter_empty_gradients(grads, trainable_variables)
            grads, trainable_variables = self._overwrite_variables_directly_with_gradients(grads, trainable_variables)
            self._update_function()(grads, trainable_variables)

    def _variables_of_step(self, grads, trainable_variables):
        """The variables `grads` update: those given (the first call builds the optimizer on them), or, when
        omitted, the ones it was built with."""
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    "When passing `grads` without `variables`, the optimizer must already be built on a list of "
                    "variables. Call `optimizer.build(trainable_variables)` first. Received: trainable_variables=None"
                )
            if len(grads) != len(self._trainable_variables):
                raise ValueError(
                    "When passing `grads` without variables, there must be one gradient per variable the "
                    f"optimizer was built with ({len(self._trainable_variables)}). Received: len(grads)={len(grads)}"
                )
            return self._trainable_variables
        trainable_variables = list(trainable_variables)
        if not self.built:
            self.build(trainable_variables)
            self.built = True
        self._check_variables_are_known(trainable_variables)
        return trainable_variables

    def _update(self, grads, trainable_variables):
        """The tensor work of one step, after the host-side checks: unscale, clip, decay, update, EMA, constraints,
        `iterations += 1`. `jit_compile` compiles this function as a whole."""
        if grads:
            if self.loss_scale_factor is not None:
                grads = torch._foreach_div(grads, self.loss_scale_factor)
            self._backend_apply_gradients(grads, trainable_variables)
            self._apply_constraints(trainable_variables)
        self._increment_iterations()

    # ------------------------------------------------------------------ compiled steps
    def _enable_compiled_updates(self):
        """Runs `_update` through `torch.compile` from the next step on (`Model.compile(jit_compile=True)`).

        A compiled update must read the step number and the learning rate from their device variables inside
        the graph: the host mirrors would be baked into the graph as constants and recompile it every step. So
        the scalars move to the device, as under `LossScaleOptimizer` (bias corrections are then computed in
        float32, as Keras computes them). Gradient accumulation stays eager: whether a step accumulates or
        updates is decided on the host.
        """
        if self.gradient_accumulation_steps:
            return
        self._steps_on_host = False
        self._learning_rate_on_device = True
        self.__dict__.setdefault("_compiled_update", None)

    def _update_function(self):
        # The first step runs eagerly: it fills the per-step caches (variable groups, weight decay exemptions)
        # that a compiled graph should find already made, so the graph is traced once.
        if "_compiled_update" not in self.__dict__:
            return self._update
        if self._compiled_update is None:
            self._compiled_update = jit.compile_method(self._update)
            return self._update
        return self._compiled_update

    def _increment_iterations(self):
        if self._steps_on_host:
            count = self._host_iterations()
            self._iterations.add_(1)
            self._iterations_host = count + 1
            self._iterations_seen = self._iterations._version
        else:
            self._iterations.add_(1)

    def _check_variables_are_known(self, variables):
        indices = self._trainable_variables_indices
        for variable in variables:
            if id(variable) not in indices:
                raise ValueError(
                    "This optimizer can only be called for the variables it was originally built with. When "
                    "working with a new set of variables, create a new optimizer instance. "
                    f"Received: unknown variable {variable!r}"
                )

    def _filter_empty_gradients(self, grads, variables):
        if all(g is not None for g in grads):
            return grads, variables
        kept = [(g, v) for g, v in zip(grads, variables) if g is not None]
        missing = [getattr(v, "path", None) or getattr(v, "name", None) for g, v in zip(grads, variables) if g is None]
        if not kept:
            raise ValueError(f"No gradients provided for any variable. Received: grads={grads}")
        warnings.warn(
            f"Gradients do not exist for variables {missing} when minimizing the loss. If using "
            "`model.compile()`, did you forget to provide a `loss` argument?",
            stacklevel=3,
        )
        return [g for g, _ in kept], [v for _, v in kept]

    def _overwrite_variables_directly_with_gradients(self, grads, variables):
        # Variables flagged `overwrite_with_gradient` (float8 scales) take their "gradient" as their new value.
        if not any(_overwrite_with_gradient(v) for v in variables):
            return grads, variables
        kept_grads, kept_vars = [], []
        for grad, variable in zip(grads, variables):
            if not _overwrite_with_gradient(variable):
                kept_grads.append(grad)
                kept_vars.append(variable)
                continue
            if self.gradient_accumulation_steps:
                accumulator = self._accumulated_gradients[self._get_variable_index(variable)]
                if self._is_accumulation_update_step():
                    variable.copy_(torch.maximum(grad, accumulator))
                    accumulator.zero_()
                else:
                    accumulator.copy_(torch.maximum(grad, accumulator))
            else:
                variable.copy_(grad)
        return kept_grads, kept_vars

    def _is_accumulation_update_step(self):
        # Under a LossScaleOptimizer the count lives on the device: this is the one place a step reads it back.
        raw = self._host_iterations() if self._steps_on_host else int(self._iterations.item())
        return (raw + 1) % self.gradient_accumulation_steps == 0

    def _backend_apply_gradients(self, grads, trainable_variables):
        learning_rate = None
        if self.gradient_accumulation_steps:
            accumulators = [self._accumulated_gradients[self._get_variable_index(v)] for v in trainable_variables]
            if self._is_accumulation_update_step():
                grads = torch._foreach_div(torch._foreach_add(grads, accumulators), self.gradient_accumulation_steps)
                grads = self._clip_gradients(grads, trainable_variables)
                learning_rate = self._step_learning_rate()
                self._apply_weight_decay(trainable_variables, learning_rate)
                self._backend_update_step(grads, trainable_variables, learning_rate)
                torch._foreach_zero_(accumulators)
            else:
                torch._foreach_add_(accumulators, grads)
        else:
            grads = self._clip_gradients(grads, trainable_variables)
            learning_rate = self._step_learning_rate()
            self._apply_weight_decay(trainable_variables, learning_rate)
            self._backend_update_step(grads, trainable_variables, learning_rate)
        if self.use_ema:
            self._update_model_variables_moving_average(self._trainable_variables)
            if self.ema_overwrite_frequency:
                self._maybe_overwrite_with_average()

    def _backend_update_step(self, grads, trainable_variables, learning_rate):
        """Runs the update: one foreach call per (device, dtype) group, or `update_step` per variable."""
        use_foreach = (
            self.foreach
            and type(self)._foreach_update_step is not Optimizer._foreach_update_step
            and not any(g.is_sparse for g in grads)
        )
        if use_foreach:
            for group_grads, group_vars, slot_indices in self._foreach_groups(grads, trainable_variables):
                lr = _foreach.as_device_scalar(learning_rate, group_vars[0])
                self._foreach_update_step(group_grads, group_vars, lr, slot_indices)
            return
        for grad, variable in zip(grads, trainable_variables):
            if grad.is_sparse:
                grad = grad.to_dense()
            if grad.dtype != variable.dtype:
                grad = grad.to(variable.dtype)
            self.update_step(grad, variable, learning_rate)

    def _foreach_groups(self, grads, variables):
        """`(grads, variables, slot indices)` per (device, dtype) group. The grouping of the same variables is
        remembered from the last step, so a training loop pays for it once."""
        key = tuple(map(id, variables))
        cached = self.__dict__.get("_group_cache")
        if cached is None or cached[0] != key or any(
            g.dtype != v.dtype for g, v in zip(grads, variables)
        ):
            indices = self._trainable_variables_indices
            layout = []
            for _, group_vars, positions in _foreach.group_by_device_and_dtype(grads, variables):
                layout.append((positions, group_vars, [indices[id(v)] for v in group_vars]))
            cached = (key, layout, tuple((v.device, v.dtype) for v in variables))
            self.__dict__["_group_cache"] = cached
        elif cached[2] != tuple((v.device, v.dtype) for v in variables):
            self.__dict__.pop("_group_cache")
            return self._foreach_groups(grads, variables)
        return [([grads[p] for p in positions], group_vars, slots) for positions, group_vars, slots in cached[1]]

    def update_step(self, gradient, variable, learning_rate):
        """The reference update of one variable (in place, under `no_grad`). Subclasses implement it."""
        raise NotImplementedError(f"{type(self).__name__} must implement `update_step(gradient, variable, learning_rate)`.")

    def _foreach_update_step(self, grads, variables, learning_rate, indices):
        """The update over lists with `torch._foreach_*`; `indices` locate each variable's slots. Optional."""
        raise NotImplementedError

    def assign(self, variable, value):
        """`variable = value`, in place."""
        variable.copy_(value)

    def assign_add(self, variable, value):
        """`variable += value`, in place."""
        variable.add_(value)

    def assign_sub(self, variable, value):
        """`variable -= value`, in place."""
        variable.sub_(value)

    # ------------------------------------------------------------------ clipping, decay, EMA, constraints
    def _clip_gradients(self, grads, variables):
        if self.clipnorm and self.clipnorm > 0:
            # g * c / max(||g||, c): unchanged below the threshold, rescaled to norm c above it.
            norms = _gradient_norms(grads, variables)
            torch._foreach_clamp_min_(norms, self.clipnorm)
            return torch._foreach_div(torch._foreach_mul(grads, self.clipnorm), norms)
        if self.global_clipnorm and self.global_clipnorm > 0:
            return clip_by_global_norm(grads, self.global_clipnorm, norms=_gradient_norms(grads, variables))
        if self.clipvalue and self.clipvalue > 0:
            clipped = torch._foreach_clamp_min(grads, -self.clipvalue)
            torch._foreach_clamp_max_(clipped, self.clipvalue)
            return clipped
        return grads

    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Exempts variables from weight decay; call it before the optimizer is built.

        Args:
            var_list: Variables to exempt.
            var_names: Strings; a variable whose name contains any of them is exempted (e.g. `["bias"]`).
        """
        if self.built:
            raise ValueError(
                "`exclude_from_weight_decay()` can only be configured before the optimizer is built. "
                f"Received: var_list={var_list}, var_names={var_names}"
            )
        self._exclude_from_weight_decay = {id(v) for v in var_list} if var_list else set()
        self._exclude_from_weight_decay_pattern = re.compile("|".join(set(var_names))) if var_names else None
        self._exclude_from_weight_decay_cache = {}

    def _use_weight_decay(self, variable):
        cache = self.__dict__.setdefault("_exclude_from_weight_decay_cache", {})
        key = id(variable)
        if key not in cache:
            excluded = key in getattr(self, "_exclude_from_weight_decay", set())
            pattern = getattr(self, "_exclude_from_weight_decay_pattern", None)
            if not excluded and pattern is not None:
                excluded = pattern.search(str(getattr(variable, "name", None) or "")) is not None
            cache[key] = not excluded
        return cache[key]

    def _apply_weight_decay(self, variables, learning_rate):
        if self.weight_decay is None:
            return
        decayed = [v for v in variables if self._use_weight_decay(v)]
        if decayed:
            torch._foreach_mul_(decayed, 1 - self.weight_decay * learning_rate)

    def _update_model_variables_moving_average(self, trainable_variables):
        pairs = [(v, a) for v, a in zip(trainable_variables, self._model_variables_moving_average) if a is not None]
        if not pairs:
            return
        variables, averages = [p[0] for p in pairs], [p[1] for p in pairs]
        step = self._optimizer_step()
        if isinstance(step, torch.Tensor):
            momentum = (step != 0).to(averages[0].dtype) * self.ema_momentum
        else:
            # The first average is the variable itself.
            momentum = self.ema_momentum if step != 0 else 0.0
        torch._foreach_mul_(averages, momentum)
        _foreach.scaled_add_(averages, variables, 1 - momentum)

    def _maybe_overwrite_with_average(self):
        step = self._optimizer_step()
        pairs = [(v, a) for v, a in zip(self._trainable_variables, self._model_variables_moving_average) if a is not None]
        if isinstance(step, torch.Tensor):
            due = (step + 1) % self.ema_overwrite_frequency == 0
            for variable, average in pairs:
                variable.copy_(torch.where(due, average, variable))
        elif (step + 1) % self.ema_overwrite_frequency == 0:
            torch._foreach_copy_([p[0] for p in pairs], [p[1] for p in pairs])

    def _overwrite_model_variables_with_average_value(self, trainable_variables):
        averages = self._model_variables_moving_average
        if len(trainable_variables) != len(averages):
            raise ValueError(
                f"The length of model variables ({len(trainable_variables)}) to override does not match the "
                f"number of averages stored in the optimizer ({len(averages)}). Check that the optimizer was "
                f"called on your model. Received: len(var_list)={len(trainable_variables)}"
            )
        with torch.no_grad():
            for variable, average in zip(trainable_variables, averages):
                if average is not None:
                    variable.copy_(average)

    def finalize_variable_values(self, var_list):
        """Ends training: with `use_ema`, overwrites the variables with their moving averages."""
        if self.use_ema:
            self._overwrite_model_variables_with_average_value(list(var_list))

    def _apply_constraints(self, variables):
        for variable in variables:
            constraint = getattr(variable, "constraint", None)
            if constraint is not None:
                variable.copy_(constraint(variable))

    def scale_loss(self, loss):
        """Multiplies `loss` by `loss_scale_factor` when set (before computing gradients)."""
        if self.loss_scale_factor is not None:
            return loss * self.loss_scale_factor
        return loss

    # ------------------------------------------------------------------ saving
    def get_weights(self):
        """The optimizer's variables as NumPy arrays (copies), in `variables` order.

        Keras 3 reads `optimizer.variables` instead; tf.keras 2 scripts call this, and `set_weights` takes its
        output back. Under a multi-process `ModelParallel`, the slots of sharded weights are gathered whole (a
        collective: every process calls it), so the arrays are a one-process run's.
        """
        return self._numpy_values()

    def _numpy_values(self):
        """The variables' values as NumPy arrays of their own; slots holding a piece of a sharded weight gathered
        whole, all together (one wait for every process)."""
        variables = self.variables
        if any(v._holding_piece() is not None for v in variables):
            from kerastorch.distribution import _sharded_weights

            return _sharded_weights.get_weights(variables)
        return [v.numpy() for v in variables]

    def set_weights(self, weights):
        """Sets the optimizer's variables from a list of arrays, in `variables` order.

        Under a multi-process `ModelParallel` the arrays are whole (as `get_weights()` returns them): each slot of
        a sharded weight keeps this process's slice, with no communication."""
        if not self.built:
            raise ValueError(
                "You are calling `set_weights()` on an optimizer that has not yet been built. Call "
                "`optimizer.build(trainable_variables)` first. Received: built=False"
            )
        pairs = list(zip(self.variables, weights))
        for variable, weight in pairs:  # all checked before any is written
            shape = tuple(variable.global_shape)
            if shape != tuple(np.shape(weight)):
                raise ValueError(
                    f"Optimizer variable {variable.path} has shape {shape}, not compatible with "
                    f"the provided weight. Received: weight.shape={tuple(np.shape(weight))}"
                )
        for variable, weight in pairs:
            variable.assign(weight)

    def save_own_variables(self, store):
        """Writes the variables into `store` under keys "0", "1", ... (the `.keras` layout)."""
        for i, value in enumerate(self._numpy_values()):
            store[str(i)] = value

    def load_own_variables(self, store):
        """Reads the variables written by `save_own_variables` (skipped with a warning on a count mismatch)."""
        if len(store.keys()) != len(self.variables):
            message = (
                f"Skipping variable loading for optimizer '{self.name}', because it has {len(self.variables)} "
                f"variables whereas the saved optimizer has {len(store.keys())} variables. "
            )
            if not self.variables or not self.built:
                message += "This is likely because the optimizer has not been called/built yet."
            warnings.warn(message, stacklevel=2)
            return
        for i, variable in enumerate(self.variables):
            variable.assign(store[str(i)])

    def get_config(self):
        """The constructor arguments, equal to real Keras's `get_config()`."""
        if isinstance(self._learning_rate, LearningRateSchedule):
            learning_rate = serialization_lib.serialize_keras_object(self._learning_rate)
        elif isinstance(self._learning_rate, Variable):
            learning_rate = self._host_learning_rate()
        else:
            learning_rate = serialization_lib.serialize_keras_object(self._learning_rate)
        return {
            "name": self.name,
            "learning_rate": learning_rate,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Creates an optimizer (without state) from `get_config()`'s output."""
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = serialization_lib.deserialize_keras_object(
                config["learning_rate"], custom_objects=custom_objects
            )
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


def global_norm(value_list, norms=None):
    """The L2 norm of all tensors in `value_list` taken together (a 0-d tensor); `norms`, when given, are
    the tensors' own norms (see `_gradient_norms`)."""
    if norms is None:
        norms = torch._foreach_norm([v for v in value_list if v is not None])
    device = norms[0].device
    return torch.linalg.vector_norm(torch.stack([n.to(device) for n in norms]))


def _gradient_norms(grads, variables):
    """Each gradient's L2 norm. The gradient of a weight sharded by ModelParallel is its piece: its norm is
    measured with the other processes' pieces (a collective), so every process clips by the whole gradient."""
    norms = list(torch._foreach_norm(grads))
    for index, variable in enumerate(variables):
        sharding = getattr(variable, "_sharding", None)
        if sharding is not None and sharding.sharded:
            norms[index] = sharding.norm(grads[index])
    return norms


def clip_by_global_norm(value_list, clip_norm, norms=None):
    """Scales `value_list` so its global norm is at most `clip_norm`; a non-finite norm gives NaN (no sync)."""
    norm = global_norm(value_list, norms)
    # c * min(1/n, 1/c); adding (n - n) turns the scale into NaN when the norm is inf or NaN, as Keras does.
    scale = clip_norm * torch.clamp_max(1.0 / norm, 1.0 / clip_norm)
    scale = scale + (norm - norm)
    return [v * scale.to(v.device, v.dtype) if v is not None else None for v in value_list]


def _overwrite_with_gradient(variable):
    return getattr(variable, "overwrite_with_gradient", False)


def _check_learning_rate(learning_rate):
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float)):
        raise ValueError(
            "Argument `learning_rate` should be float, or an instance of LearningRateSchedule, or a callable "
            "(that takes in the current iteration value and returns the corresponding learning rate value). "
            f"Received: learning_rate={learning_rate}"
        )
    if learning_rate < 0:
        raise ValueError(f"Argument `learning_rate` must be >= 0. Received: learning_rate={learning_rate}")
    return float(learning_rate)


def _check_non_negative(name, value):
    if value is not None and not value >= 0:
        raise ValueError(f"Argument `{name}` must be >= 0 or None. Received: {name}={value}")


def _check_in_range(name, value, low, high, high_inclusive=False):
    """Raises unless `low <= value < high` (or `<= high`); used by subclasses for betas and momenta."""
    ok = low <= value <= high if high_inclusive else low <= value < high
    if not ok:
        bracket = "]" if high_inclusive else ")"
        raise ValueError(f"Argument `{name}` must be in [{low}, {high}{bracket}. Received: {name}={value}")
