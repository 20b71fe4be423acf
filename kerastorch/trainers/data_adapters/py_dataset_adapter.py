"""Batches from a `keras.utils.PyDataset`, fetched in parallel when it asks for workers.

With `workers > 1` (threads) or `use_multiprocessing=True` (processes), batches are requested up to
`max_queue_size` ahead and delivered in index order, so training sees the same sequence as a serial read.
Processes are forked where the platform allows, so the dataset itself is never pickled there; only indices
and batches cross the process boundary.
"""

import collections
import concurrent.futures
import itertools
import multiprocessing
import random

import numpy as np

from kerastorch.trainers.data_adapters import data_adapter_utils

_WORKER_DATASET = None  # the dataset, in a worker process


def _set_worker_dataset(dataset):
    global _WORKER_DATASET
    _WORKER_DATASET = dataset


def _get_worker_item(index):
    return _WORKER_DATASET[index]


class PyDatasetAdapter:
    """Reads a PyDataset in (optionally shuffled) batch order, with `class_weight` support.

    Args:
        x: The `PyDataset`.
        class_weight: Optional `{class: weight}` dict; batches `(x, y)` get sample weights from it.
        shuffle: Shuffle the order of the batches each epoch (with Python's `random`, as Keras does).
    """

    one_shot = False

    def __init__(self, x, class_weight=None, shuffle=False):
        self.py_dataset = x
        self.class_weight = class_weight
        self.shuffle = bool(shuffle)
        self.batch_size = None
        self._workers = x.workers
        self._use_multiprocessing = x.use_multiprocessing
        self._max_queue_size = max(1, int(x.max_queue_size or 1))
        # Set by keras.distribution: makes every process use rank 0's shuffled order.
        self.sync_order = None

    @property
    def num_batches(self):
        return self.py_dataset.num_batches

    def on_epoch_begin(self):
        self.py_dataset.on_epoch_begin()

    def on_epoch_end(self):
        self.py_dataset.on_epoch_end()

    def _standardize(self, batch):
        if isinstance(batch, dict):
            batch = (batch,)
        elif isinstance(batch, list):
            batch = tuple(batch)
        elif not isinstance(batch, tuple):
            batch = (batch,)
        if len(batch) not in (1, 2, 3):
            raise ValueError(
                "PyDataset.__getitem__() must return a tuple or a dict. If a tuple, it must be ordered either "
                "(input,) or (inputs, targets) or (inputs, targets, sample_weights). "
                f"Received: a tuple of {len(batch)} elements"
            )
        if self.class_weight is not None:
            if len(batch) == 3:
                raise ValueError(
                    "You cannot specify `class_weight` and `sample_weight` at the same time. "
                    f"Received: class_weight={self.class_weight} and batches with sample weights"
                )
            if len(batch) == 2:
                batch = batch + (_class_weight_to_sample_weights(batch[1], self.class_weight),)
        return data_adapter_utils.standardize_batch(batch, "PyDataset")

    def _indices(self):
        count = self.py_dataset.num_batches
        if count is None:
            return itertools.count()
        indices = list(range(count))
        if self.shuffle:
            random.shuffle(indices)
            if self.sync_order is not None:
                indices = self.sync_order(indices)
        return indices

    def get_iterator(self):
        indices = self._indices()
        parallel = self._workers > 1 or (self._workers > 0 and self._use_multiprocessing)
        batches = self._parallel(indices) if parallel else (self.py_dataset[i] for i in indices)
        for batch in batches:
            yield self._standardize(batch)

    def _parallel(self, indices):
        if self._use_multiprocessing:
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            executor = concurrent.futures.ProcessPoolExecutor(
                self._workers, mp_context=multiprocessing.get_context(method),
                initializer=_set_worker_dataset, initargs=(self.py_dataset,),
            )
            fetch = _get_worker_item
        else:
            executor = concurrent.futures.ThreadPoolExecutor(self._workers)
            fetch = self.py_dataset.__getitem__
        indices = iter(indices)
        pending = collections.deque()
        try:
            for index in itertools.islice(indices, self._max_queue_size):
                pending.append(executor.submit(fetch, index))
            while pending:
                batch = pending.popleft().result()
                for index in itertools.islice(indices, 1):
                    pending.append(executor.submit(fetch, index))
                yield batch
        finally:
            executor.shutdown(wait=False, cancel_futures=True)


def _class_weight_to_sample_weights(y, class_weight):
    """Keras's rule: one-hot targets use their argmax, others are rounded to the nearest class index; classes
    missing from `class_weight` weigh 1."""
    labels = np.asarray(y.detach().cpu() if hasattr(y, "detach") else y)
    if labels.ndim > 1:
        labels = labels.argmax(axis=-1) if labels.shape[-1] != 1 else labels.squeeze(-1)
    labels = np.round(labels).astype("int64")
    from kerastorch.backend import config

    return np.array([class_weight.get(int(label), 1.0) for label in labels], dtype=config.floatx())
