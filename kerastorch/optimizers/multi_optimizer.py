"""`MultiOptimizer` and `OptimizerMap`: different optimizers for different weights of one model.

A `MultiOptimizer` is built on the model's trainable weights like any optimizer; it asks its map which
optimizer each weight belongs to, builds every sub-optimizer on its own weights, and each step hands each
sub-optimizer its gradients. The sub-optimizers keep their own learning rates, slots and step counts; the
wrapper counts its own steps. Its `variables` (what `.keras` files store) are its own (iteration, learning
rate) followed by each sub-optimizer's, in the order the sub-optimizers were first met.
"""

import re
from collections.abc import MutableMapping

from kerastorch.optimizers.loss_scale_optimizer import LossScaleOptimizer
from kerastorch.optimizers.optimizer import Optimizer
from kerastorch.saving import serialization_lib


def _check_assignable(optimizer, where):
    if not isinstance(optimizer, Optimizer):
        raise ValueError(f"{where} must be a keras.optimizers.Optimizer. Received: {optimizer!r}")
    if isinstance(optimizer, LossScaleOptimizer):
        raise ValueError(f"{where} cannot be a LossScaleOptimizer (wrap the MultiOptimizer in one instead). "
                         f"Received: {optimizer!r}")
    if isinstance(optimizer, MultiOptimizer):
        raise ValueError(f"{where} cannot be a MultiOptimizer (MultiOptimizers do not nest). Received: {optimizer!r}")


class OptimizerMap(MutableMapping):
    """Which optimizer updates each weight, by the weight's path (`"encoder/dense/kernel"`).

    A key matches a path exactly or, failing that, as a regular expression over the whole path
    (`"encoder/.*"`); a path no key matches goes to `default_optimizer`, and a path two patterns match is an
    error.

    Args:
        default_optimizer: The optimizer of every weight no key matches.
        optimizer_map: Optional dict of `{path or pattern: optimizer}`.
    """

    def __init__(self, default_optimizer, optimizer_map=None):
        if not isinstance(default_optimizer, Optimizer):
            raise TypeError(f"`default_optimizer` must be a keras.optimizers.Optimizer. "
                            f"Received: default_optimizer={default_optimizer!r}")
        if optimizer_map is not None and not isinstance(optimizer_map, dict):
            raise TypeError(f"`optimizer_map` must be a dict. Received: optimizer_map={optimizer_map!r}")
        self._default_optimizer = default_optimizer
        self._optimizer_map = dict(optimizer_map or {})

    @property
    def default_optimizer(self):
        return self._default_optimizer

    def __getitem__(self, path):
        if path in self._optimizer_map:
            return self._optimizer_map[path]
        matches = [pattern for pattern in self._optimizer_map if re.fullmatch(pattern, path)]
        if len(matches) > 1:
            raise ValueError(f"Weight '{path}' matches several keys of the OptimizerMap: {matches}. Expected one "
                             f"key at most per weight.")
        return self._optimizer_map[matches[0]] if matches else self._default_optimizer

    def __setitem__(self, key, optimizer):
        if not isinstance(key, str):
            raise ValueError(f"OptimizerMap keys are weight paths or patterns (strings). Received: key={key!r}")
        if key in self._optimizer_map:
            raise ValueError(f"'{key}' is already a key of the OptimizerMap, with {self._optimizer_map[key]!r}. "
                             f"Expected a key not yet used.")
        _check_assignable(optimizer, f"The optimizer for '{key}'")
        self._optimizer_map[key] = optimizer

    def __delitem__(self, key):
        del self._optimizer_map[key]

    def __len__(self):
        return len(self._optimizer_map)

    def __iter__(self):
        return iter(self._optimizer_map)

    def __call__(self, variable):
        """The optimizer of `variable` (looked up by its path)."""
        return self[variable.path]

    def get_config(self):
        return {
            "default_optimizer": serialization_lib.serialize_keras_object(self._default_optimizer),
            "optimizer_map": serialization_lib.serialize_keras_object(self._optimizer_map),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        default = serialization_lib.deserialize_keras_object(config["default_optimizer"], custom_objects=custom_objects)
        mapping = serialization_lib.deserialize_keras_object(config["optimizer_map"], custom_objects=custom_objects)
        return cls(default, mapping)


class MultiOptimizer(Optimizer):
    """Updates each weight with the optimizer an `OptimizerMap` (or a function of the weight) names for it.

    The sub-optimizers are reachable as `optimizers` (learning-rate callbacks set each one's rate); the
    MultiOptimizer itself has no learning rate. `loss_scale_factor`, when given, is set on every sub-optimizer.

    Args:
        optimizer_map: An `OptimizerMap`, or a callable `fn(variable) -> Optimizer`.
        loss_scale_factor: Optional loss scale for every sub-optimizer.
        name: The optimizer's name.

    Example:

    >>> optimizer = keras.optimizers.MultiOptimizer(keras.optimizers.OptimizerMap(
    ...     default_optimizer=keras.optimizers.SGD(0.01), optimizer_map={"encoder/.*": keras.optimizers.Adam()}))
    """

    def __init__(self, optimizer_map, loss_scale_factor=None, name=None):
        self._inner_optimizers = []
        super().__init__(learning_rate=0.0, loss_scale_factor=loss_scale_factor, name=name)
        if not (isinstance(optimizer_map, OptimizerMap) or callable(optimizer_map)):
            raise TypeError(f"`optimizer_map` must be an OptimizerMap or a function of a variable. "
                            f"Received: optimizer_map={optimizer_map!r}")
        self._optimizer_map = optimizer_map
        if isinstance(optimizer_map, OptimizerMap):
            for optimizer in [*optimizer_map.values(), optimizer_map.default_optimizer]:
                self._adopt(optimizer)

    def _adopt(self, optimizer):
        """Index of `optimizer` among the sub-optimizers, adding it (with this one's loss scale) when new."""
        for index, known in enumerate(self._inner_optimizers):
            if known is optimizer:
                return index
        optimizer.loss_scale_factor = self.loss_scale_factor
        optimizer._steps_on_host = self._steps_on_host
        self._inner_optimizers.append(optimizer)
        return len(self._inner_optimizers) - 1

    @property
    def optimizers(self):
        """The sub-optimizers, in the order they were first met."""
        return list(self._inner_optimizers)

    def build(self, var_list):
        var_list = list(var_list)
        owners = []
        for variable in var_list:
            optimizer = self._optimizer_map(variable)
            _check_assignable(optimizer, f"The optimizer the map gives for weight '{variable.path}'")
            owners.append(self._adopt(optimizer))
        self._owner_of = {id(v): owner for v, owner in zip(var_list, owners)}
        for index, optimizer in enumerate(self._inner_optimizers):
            own = [v for v, owner in zip(var_list, owners) if owner == index]
            if own:
                optimizer.build(own)
                optimizer.built = True
        super().build(var_list)

    @property
    def variables(self):
        """Its own variables (iteration, learning rate), then each sub-optimizer's."""
        result = self._variables[:]
        for optimizer in self._inner_optimizers:
            result.extend(optimizer.variables)
        return result

    @property
    def learning_rate(self):
        raise AttributeError("A MultiOptimizer has no learning rate of its own: read or set it on each of its "
                             "`optimizers` instead.")

    @learning_rate.setter
    def learning_rate(self, value):
        raise AttributeError("A MultiOptimizer has no learning rate of its own: read or set it on each of its "
                             f"`optimizers` instead. Received: learning_rate={value!r}")

    @property
    def loss_scale_factor(self):
        return self.__dict__.get("_loss_scale_factor")

    @loss_scale_factor.setter
    def loss_scale_factor(self, value):
        self.__dict__["_loss_scale_factor"] = value
        for optimizer in self.__dict__.get("_inner_optimizers", ()):
            optimizer.loss_scale_factor = value

    @property
    def _steps_on_host(self):
        return self.__dict__.get("_steps_on_host_flag", True)

    @_steps_on_host.setter
    def _steps_on_host(self, value):
        # A LossScaleOptimizer around this one moves the step counts to the device: the sub-optimizers' too.
        self.__dict__["_steps_on_host_flag"] = value
        for optimizer in self.__dict__.get("_inner_optimizers", ()):
            optimizer._steps_on_host = value

    def apply(self, grads, trainable_variables=None):
        grads = list(grads)
        if not grads:
            return
        trainable_variables = self._variables_of_step(grads, trainable_variables)
        if len(grads) != len(trainable_variables):
            raise ValueError(f"Expected one gradient per variable. Received: {len(grads)} gradients for "
                             f"{len(trainable_variables)} variables")
        routed = [([], []) for _ in self._inner_optimizers]
        for grad, variable in zip(grads, trainable_variables):
            sub_grads, sub_vars = routed[self._owner_of[id(variable)]]
            sub_grads.append(grad)
            sub_vars.append(variable)
        for optimizer, (sub_grads, sub_vars) in zip(self._inner_optimizers, routed):
            if sub_vars:
                optimizer.apply(sub_grads, sub_vars)
        self._increment_iterations()

    def _enable_compiled_updates(self):
        for optimizer in self._inner_optimizers:
            optimizer._enable_compiled_updates()

    def finalize_variable_values(self, var_list):
        for index, optimizer in enumerate(self._inner_optimizers):
            own = [v for v in var_list if self._owner_of.get(id(v)) == index]
            if own:
                optimizer.finalize_variable_values(own)

    def get_config(self):
        return {
            "optimizer_map": serialization_lib.serialize_keras_object(self._optimizer_map),
            "loss_scale_factor": self.loss_scale_factor,
            "name": self.name,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["optimizer_map"] = serialization_lib.deserialize_keras_object(
            config["optimizer_map"], custom_objects=custom_objects
        )
        return cls(**config)
