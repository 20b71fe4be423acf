"""Small helpers shared by the optimizers' `torch._foreach_*` paths.

A step's scalars (learning rate, bias corrections) are Python floats when the host knows the step number and
0-d device tensors when it does not (under `LossScaleOptimizer`, where a skipped step is only known on the
device). These helpers accept either, so each optimizer writes its update once.
"""

import math

import torch


def scaled_add_(xs, ys, alpha):
    """`xs += alpha * ys` in place, for a Python or a 0-d tensor `alpha`."""
    if isinstance(alpha, torch.Tensor):
        torch._foreach_add_(xs, torch._foreach_mul(ys, alpha))
    else:
        torch._foreach_add_(xs, ys, alpha=alpha)


def sqrt(x):
    """The square root of a host float or a 0-d tensor."""
    return torch.sqrt(x) if isinstance(x, torch.Tensor) else math.sqrt(x)


def minimum(x, y):
    """The smaller of two scalars, either of which may be a 0-d tensor."""
    if isinstance(x, torch.Tensor) or isinstance(y, torch.Tensor):
        return torch.minimum(torch.as_tensor(x), torch.as_tensor(y))
    return min(x, y)


def as_device_scalar(x, like):
    """A 0-d tensor scalar moved onto the device of `like`, so foreach kernels accept it; floats pass through."""
    if isinstance(x, torch.Tensor) and x.device != like.device:
        return x.to(like.device, non_blocking=True)
    return x


def group_by_device_and_dtype(grads, variables):
    """Splits aligned (grad, variable) lists into groups a single foreach kernel can take.

    Returns a list of `(grads, variables, positions)`; `positions` index into the inputs. Gradients whose
    dtype differs from their variable's are cast to it, as Keras casts each gradient before its update.
    """
    groups = {}
    for position, (grad, variable) in enumerate(zip(grads, variables)):
        if grad.dtype != variable.dtype:
            grad = grad.to(variable.dtype)
        key = (variable.device, variable.dtype)
        group = groups.get(key)
        if group is None:
            group = groups[key] = ([], [], [])
        group[0].append(grad)
        group[1].append(variable)
        group[2].append(position)
    return list(groups.values())
