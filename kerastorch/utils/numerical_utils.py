"""`to_categorical` and `normalize`: the array helpers for labels and feature vectors."""

import numpy as np
import torch


def to_categorical(x, num_classes=None):
    """Converts a vector of class indices to a one-hot matrix, for `categorical_crossentropy`.

    A trailing axis of size 1 is dropped first, so `(n, 1)` labels give `(n, num_classes)`.

    Args:
        x: Array-like of class indices (integers from 0 to `num_classes - 1`), or a torch tensor.
        num_classes: Number of classes; `max(x) + 1` when None.

    Returns:
        A float64 NumPy array for array-like input (a float32 tensor for a tensor), with the class axis last.

    Example:

    >>> keras.utils.to_categorical([0, 2], num_classes=3)
    array([[1., 0., 0.],
           [0., 0., 1.]])
    """
    if isinstance(x, torch.Tensor):
        if x.ndim > 1 and x.shape[-1] == 1:
            x = x.reshape(x.shape[:-1])
        depth = int(num_classes) if num_classes else int(x.max()) + 1
        # As Keras's one_hot: out-of-range indices give all-zero rows instead of failing.
        classes = torch.arange(depth, device=x.device)
        return (x.to(torch.int64).unsqueeze(-1) == classes).to(torch.float32)
    x = np.array(x, dtype="int64")
    shape = x.shape
    if shape and len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    x = x.reshape(-1)
    if not num_classes:
        num_classes = int(np.max(x)) + 1
    categorical = np.zeros((x.shape[0], num_classes))
    categorical[np.arange(x.shape[0]), x] = 1
    return categorical.reshape(shape + (num_classes,))


def normalize(x, axis=-1, order=2):
    """Scales `x` to unit norm along `axis` (rows of zeros stay zero).

    Args:
        x: A NumPy array (a NumPy array is returned) or a torch tensor (a tensor is returned).
        axis: The axis along which to normalize.
        order: The norm's order (2 for the L2 norm).

    Returns:
        A normalized copy of `x`.
    """
    if isinstance(x, np.ndarray):
        norm = np.atleast_1d(np.linalg.norm(x, order, axis))
        norm[norm == 0] = 1
        # Expanded where it was reduced (Keras expands at -1 for axis=0, which fails to broadcast).
        return x / np.expand_dims(norm, -1 if axis is None else axis)
    if not isinstance(order, int) or order < 1:
        raise ValueError(f"Argument `order` must be an int >= 1. Received: order={order}")
    from kerastorch.backend import config

    x = torch.as_tensor(x)
    if not x.is_floating_point():
        x = x.to(getattr(torch, config.floatx()))
    if x.ndim == 0:
        x = x.unsqueeze(0)
    epsilon = config.epsilon()
    if order == 2:
        inverse = torch.rsqrt(torch.sum(torch.square(x), dim=axis, keepdim=True))
        return x * torch.clamp(inverse, max=1.0 / epsilon)
    norm = torch.linalg.vector_norm(x, ord=order, dim=axis, keepdim=True)
    return x / torch.clamp(norm, min=epsilon)
