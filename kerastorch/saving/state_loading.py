"""Putting stored values into a model: everything is checked first, then everything is assigned.

Loading never leaves a model half-updated. Every saveable's values are read and checked (count, then each
shape) before any variable changes; a mismatch is an error naming the layer, the weight and both shapes, or,
with `skip_mismatch=True`, a warning and that layer keeps its values. If assigning still fails (a layer's own
`load_own_variables` raising), every variable already assigned gets its previous value back.
"""

import warnings

import torch

from kerastorch.distribution import _runtime
from kerastorch.saving import saveable_walk


def load_into(model, reader, source, skip_mismatch=False, include_optimizer=True):
    """Loads the values `reader.get(path)` returns for each saveable of `model` (Keras's walk).

    Returns the number of variables assigned.
    """
    with _runtime.loading(model):  # ModelParallel: whole-shaped weights inside, each process keeps its slice
        return _load_into(model, reader, source, skip_mismatch, include_optimizer)


def _load_into(model, reader, source, skip_mismatch, include_optimizer):
    steps, problems = [], []
    for path, obj in saveable_walk.walk(model):
        if not include_optimizer and _is_optimizer(obj):
            continue
        stored = reader.get(path)
        if _is_optimizer(obj):
            step = _plan_optimizer(obj, stored, path, source)
        elif saveable_walk.has_custom_store(obj):
            step = ("custom", obj, stored, None)
        else:
            step, problem = _plan_layer(obj, stored, path, source)
            if problem:
                problems.append((obj, problem))
                continue
        if step is not None:
            steps.append(step)
    if problems:
        if not skip_mismatch:
            details = "\n".join(f"- {message}" for _, message in problems[:10])
            more = f"\n(and {len(problems) - 10} more)" if len(problems) > 10 else ""
            raise ValueError(
                f"Cannot load weights from '{source}' into model '{model.name}': {len(problems)} object(s) do "
                f"not match, so nothing was loaded.\n{details}{more}\nPass `skip_mismatch=True` to load the "
                f"matching layers and skip these. Received: skip_mismatch={skip_mismatch}"
            )
        for _, message in problems:
            warnings.warn(f"Skipping loading weights from '{source}': {message}", stacklevel=4)
    return _apply(steps)


def _is_optimizer(obj):
    from kerastorch.optimizers.optimizer import Optimizer

    return isinstance(obj, Optimizer)


def _where(path, key=None):
    base = f"{path}/vars" if path else "vars"
    return f"{base}/{key}" if key is not None else base


def _plan_layer(layer, stored, path, source):
    variables = saveable_walk.own_variables(layer)
    wrapped = saveable_walk._wrapped_torch_module(layer)
    keys = list(wrapped.state_dict().keys()) if wrapped is not None else [str(i) for i in range(len(variables))]
    if len(stored) != len(variables) or set(stored) != set(keys):
        expected = [getattr(v, "name", None) or k for v, k in zip(variables, keys)]
        if not variables and not getattr(layer, "built", True):
            return None, (
                f"{saveable_walk.describe(layer)} was never built, so it has no variables, but the file lists "
                f"{len(stored)} at '{_where(path)}'. Build the model (call it on data) before loading weights."
            )
        return None, (
            f"{saveable_walk.describe(layer)} expected {len(variables)} variables {expected}, but the file holds "
            f"{len(stored)} at '{_where(path)}'."
        )
    pairs = []
    for variable, key in zip(variables, keys):
        value = stored[key]
        if tuple(value.shape) != tuple(variable.shape):
            name = getattr(variable, "path", None) or getattr(variable, "name", None) or key
            return None, (
                f"{saveable_walk.describe(layer)}: weight '{name}' has shape {tuple(variable.shape)} in the model "
                f"but shape {tuple(value.shape)} in the file (at '{_where(path, key)}')."
            )
        pairs.append((variable, value))
    return ("assign", layer, pairs, None), None


def _plan_optimizer(optimizer, stored, path, source):
    variables = list(optimizer.variables)
    if not stored:
        return None
    if len(stored) != len(variables):
        message = (
            f"Skipping variable loading for optimizer '{optimizer.name}', because it has {len(variables)} "
            f"variables whereas the saved optimizer has {len(stored)} variables. "
        )
        if not getattr(optimizer, "built", False):
            message += "This is likely because the optimizer has not been called/built yet."
        warnings.warn(message, stacklevel=5)
        return None
    pairs = []
    for i, variable in enumerate(variables):
        value = stored.get(str(i))
        if value is None or tuple(value.shape) != tuple(variable.shape):
            warnings.warn(
                f"Skipping variable loading for optimizer '{optimizer.name}': variable '{variable.path}' has shape "
                f"{tuple(variable.shape)} but the file holds "
                f"{None if value is None else tuple(value.shape)} at '{_where(path, i)}'.",
                stacklevel=5,
            )
            return None
        pairs.append((variable, value))
    return ("assign", optimizer, pairs, None)


def _apply(steps):
    """Assigns every planned value; on failure restores what was already assigned and re-raises."""
    undo = []
    assigned = 0
    try:
        with torch.no_grad():
            for kind, obj, payload, _ in steps:
                if kind == "assign":
                    for variable, value in payload:
                        undo.append((variable, variable.detach().clone()))
                        variable.copy_(torch.as_tensor(value).to(dtype=variable.dtype, device=variable.device))
                        assigned += 1
                else:
                    for variable in saveable_walk.own_variables(obj):
                        undo.append((variable, variable.detach().clone()))
                    obj.load_own_variables(payload)
                    assigned += len(payload)
    except BaseException:
        with torch.no_grad():
            for variable, previous in reversed(undo):
                variable.copy_(previous)
        raise
    return assigned
