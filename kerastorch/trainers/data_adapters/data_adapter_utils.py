"""Helpers shared by the data adapters: unpacking `(x, y, sample_weight)`, validation splits, cardinality
checks and class weights."""

import math

import numpy as np
import torch

from kerastorch.utils import tree
from kerastorch.utils.data_packing import pack_x_y_sample_weight  # noqa: F401 (re-exported)
from kerastorch.utils.data_packing import unpack_x_y_sample_weight


def is_array_like(x):
    return isinstance(x, (np.ndarray, torch.Tensor)) or (
        hasattr(x, "__array__") and hasattr(x, "shape") and not hasattr(x, "__next__")
    )


def is_array_structure(data):
    leaves = [v for v in tree.flatten(data) if v is not None]
    return bool(leaves) and all(is_array_like(v) or isinstance(v, (list, tuple)) for v in leaves)


def num_samples(structure):
    sizes = {int(v.shape[0]) for v in tree.flatten(structure) if v is not None and hasattr(v, "shape")}
    return sizes


def check_data_cardinality(x, y, sample_weight):
    """Raises a ValueError listing the sizes when x, y and sample_weight disagree on the number of samples."""
    parts = {"x": x, "y": y, "sample_weight": sample_weight}
    sizes = {name: sorted({int(v.shape[0]) for v in tree.flatten(value) if v is not None})
             for name, value in parts.items() if value is not None}
    distinct = {size for values in sizes.values() for size in values}
    if len(distinct) > 1:
        details = "\n".join(f"'{name}' sizes: {', '.join(map(str, values))}" for name, values in sizes.items())
        raise ValueError(
            "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.\n" + details
        )


def to_tensor(value):
    """A leaf of a batch as a torch tensor: tensors pass through (detached), NumPy arrays are shared without a
    copy where possible, float64 becomes floatx as in Keras."""
    if value is None:
        return None
    if isinstance(value, torch.Tensor):
        tensor = value.detach()
    else:
        array = np.asarray(value)
        if array.dtype == object or array.dtype.kind in "USO":
            raise ValueError(
                f"Data of dtype {array.dtype} cannot become a tensor. Convert strings to numbers (e.g. with a "
                "tokenizer) before calling fit."
            )
        tensor = torch.from_numpy(np.ascontiguousarray(array))
    if tensor.dtype == torch.float64:
        from kerastorch.backend import config
        from kerastorch.backend.dtypes import to_torch_dtype

        tensor = tensor.to(to_torch_dtype(config.floatx()))
    return tensor


def standardize_batch(batch, source, allow_bare=False):
    """Validates one batch from an iterable source and returns it as a tuple of tensor structures.

    `source` names the input kind for messages ("Python generator", "PyDataset", "torch DataLoader").
    A batch is `(x,)`, `(x, y)` or `(x, y, sample_weight)`; lists count as tuples when `allow_bare` (the
    DataLoader's default collate returns lists), where a dict or a single tensor is `x` alone.
    """
    if allow_bare:
        if isinstance(batch, list):
            batch = tuple(batch)
        elif not isinstance(batch, tuple):
            batch = (batch,)
    if not isinstance(batch, tuple) or len(batch) not in (1, 2, 3):
        description = f"a tuple of {len(batch)} elements" if isinstance(batch, tuple) else f"{type(batch).__name__}"
        raise ValueError(
            f"When passing a {source} to a Keras model, each batch must be a tuple, either (input,) or "
            f"(inputs, targets) or (inputs, targets, sample_weights). Received: {description}: "
            f"{str(batch)[:100]}"
        )
    batch = tuple(None if part is None else tree.map_structure(to_tensor, part) for part in batch)
    names = ("x", "y", "sample_weight")
    sizes = {}
    for name, part in zip(names, batch):
        for leaf in tree.flatten(part):
            if leaf is not None and leaf.ndim > 0:
                sizes.setdefault(name, set()).add(int(leaf.shape[0]))
    distinct = {size for values in sizes.values() for size in values}
    if len(distinct) > 1:
        details = ", ".join(f"{name} sizes: {sorted(values)}" for name, values in sizes.items())
        raise ValueError(
            f"A batch from the {source} has parts with different numbers of samples; x, y and sample_weight "
            f"must agree on the batch size. Received: {details}"
        )
    return batch


def train_validation_split(arrays, validation_split):
    """Splits array structures: the last `validation_split` fraction (taken before any shuffling) validates."""
    if not 0.0 < validation_split < 1.0:
        raise ValueError(
            f"`validation_split` must be a float between 0 and 1. Received: validation_split={validation_split}"
        )
    flat = [v for v in tree.flatten(arrays) if v is not None]
    if not all(is_array_like(v) for v in flat):
        raise ValueError(
            "`validation_split` is only supported for NumPy arrays and torch tensors. Pass `validation_data` "
            f"instead. Received: x of type {[type(v).__name__ for v in flat][:3]}"
        )
    total = int(flat[0].shape[0])
    split_at = int(math.floor(total * (1.0 - validation_split)))
    if split_at == 0 or split_at == total:
        raise ValueError(
            f"Training data contains {total} samples, which is not sufficient to split it into a validation and "
            f"training set as specified by `validation_split={validation_split}`. Either provide more data, or a "
            "different value for the `validation_split` argument."
        )
    train = tree.map_structure(lambda v: None if v is None else v[:split_at], arrays)
    validation = tree.map_structure(lambda v: None if v is None else v[split_at:], arrays)
    return train, validation


def class_weight_tensor(class_weight):
    """A lookup table `table[class_index] = weight` from Keras's `{class_index: weight}` dict."""
    if not isinstance(class_weight, dict) or not class_weight:
        raise ValueError(f"`class_weight` must be a non-empty dict of class index to weight. Received: {class_weight!r}")
    keys = list(class_weight)
    if not all(isinstance(k, (int, np.integer)) and k >= 0 for k in keys):
        raise ValueError(f"`class_weight` keys must be non-negative class indices. Received: keys={keys}")
    table = torch.ones(max(keys) + 1, dtype=torch.float32)
    for key, weight in class_weight.items():
        table[int(key)] = float(weight)
    return table


def class_weights_to_sample_weights(y, table):
    """Per-sample weights from labels: one-hot labels use their argmax, others are rounded to the nearest class
    index (Keras's rule: a soft binary target 0.9 is class 1, not 0); classes the table lacks weigh 1."""
    if y.ndim >= 2 and y.shape[-1] > 1:
        labels = y.argmax(dim=-1)
    else:
        labels = y.reshape(y.shape[0], -1)[:, 0] if y.ndim > 1 else y
    if labels.is_floating_point():
        labels = labels.round()
    labels = labels.to(torch.int64)
    table = table.to(labels.device)
    known = (labels >= 0) & (labels < table.shape[0])
    return torch.where(known, table[labels.clamp(0, table.shape[0] - 1)], torch.ones((), device=labels.device))
