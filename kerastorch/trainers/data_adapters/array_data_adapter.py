"""Batches from in-memory arrays (NumPy arrays, torch tensors, and lists or dicts of them).

The arrays are converted to torch tensors once per `fit` (zero-copy for NumPy where possible; float64
becomes floatx as in Keras). Unshuffled batches are views; shuffled batches gather rows by a permutation
drawn from torch's generator, which `set_random_seed` seeds.
"""

import math

import torch

from kerastorch.trainers.data_adapters import data_adapter_utils
from kerastorch.utils import tree


_to_tensor = data_adapter_utils.to_tensor


class ArrayDataAdapter:
    """Yields `(x, y, sample_weight)` batches from array structures.

    Args:
        x, y, sample_weight: Array structures with the same number of samples.
        batch_size: Samples per batch. Default: enough for `steps` batches to cover the data when `steps` is
            given (Keras's rule, so `evaluate(x, y, steps=1)` reads every sample), else 32.
        steps: The `steps_per_epoch` / `steps` the caller asked for, or None.
        shuffle: True (reshuffle samples each epoch), "batch" (shuffle batch order) or False.
        class_weight: Optional `{class: weight}` dict turned into sample weights.
    """

    def __init__(self, x, y=None, sample_weight=None, batch_size=None, steps=None, shuffle=False,
                 class_weight=None):
        data_adapter_utils.check_data_cardinality(x, y, sample_weight)
        self._x = tree.map_structure(_to_tensor, x)
        self._y = tree.map_structure(_to_tensor, y) if y is not None else None
        self._sample_weight = tree.map_structure(_to_tensor, sample_weight) if sample_weight is not None else None
        if class_weight is not None:
            if sample_weight is not None:
                raise ValueError(
                    "You cannot specify `class_weight` and `sample_weight` at the same time: pass one of them "
                    "(fold the class weights into `sample_weight`). "
                    f"Received: class_weight={class_weight} and a sample_weight"
                )
            if self._y is None or tree.is_nested(self._y):
                raise ValueError(
                    "`class_weight` is only supported for models with a single output and targets `y`. "
                    f"Received: class_weight={class_weight}"
                )
            weights = data_adapter_utils.class_weights_to_sample_weights(
                self._y, data_adapter_utils.class_weight_tensor(class_weight)
            )
            self._sample_weight = weights
        self._size = int(tree.flatten(self._x)[0].shape[0])
        if not batch_size:
            batch_size = max(1, math.ceil(self._size / steps)) if steps else 32
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.num_batches = math.ceil(self._size / self.batch_size) if self._size else 0
        # Set by keras.distribution: makes every process use rank 0's shuffled order.
        self.sync_order = None

    @property
    def size(self):
        return self._size

    def move_to(self, device):
        """Puts the whole dataset on `device` once (used when it fits comfortably), so batches need no copy."""
        move = lambda t: None if t is None else t.to(device)
        self._x = tree.map_structure(move, self._x)
        self._y = tree.map_structure(move, self._y) if self._y is not None else None
        if self._sample_weight is not None:
            self._sample_weight = tree.map_structure(move, self._sample_weight)

    def nbytes(self):
        leaves = [t for t in tree.flatten((self._x, self._y, self._sample_weight)) if t is not None]
        return sum(t.numel() * t.element_size() for t in leaves)

    def get_iterator(self):
        order = None
        if self.shuffle is True or self.shuffle == "true":
            order = torch.randperm(self._size)
        batch_order = range(self.num_batches)
        if self.shuffle == "batch":
            batch_order = torch.randperm(self.num_batches).tolist()
        if self.sync_order is not None and (order is not None or self.shuffle == "batch"):
            order, batch_order = self.sync_order((order, batch_order))
        if order is not None:
            # The permutation goes where the data lives once per epoch: a per-batch copy of row indices to a
            # GPU would make every step wait for it.
            device = next(t.device for t in tree.flatten(self._x) if t is not None)
            order = order.to(device)
        for index in batch_order:
            start = index * self.batch_size
            stop = min(start + self.batch_size, self._size)
            if order is None:
                take = lambda t, a=start, b=stop: None if t is None else t[a:b]
            else:
                rows = order[start:stop]
                take = lambda t, r=rows: None if t is None else t.index_select(0, r if r.device == t.device else r.to(t.device))
            yield self._pack(take)

    def _pack(self, take):
        x = tree.map_structure(take, self._x)
        if self._y is None:
            return (x,)
        y = tree.map_structure(take, self._y)
        if self._sample_weight is None:
            return x, y
        return x, y, tree.map_structure(take, self._sample_weight)
