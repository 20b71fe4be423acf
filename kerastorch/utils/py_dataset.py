"""`PyDataset` (Keras 2 name: `Sequence`): a dataset of batches indexed by position, written in Python.

`fit` reads it through `PyDatasetAdapter`, which fetches batches on `workers` threads (or processes with
`use_multiprocessing=True`) while the model trains, keeping at most `max_queue_size` batches ahead.
"""

import itertools
import warnings


class PyDataset:
    """Base class for a dataset of batches: implement `__getitem__` (the batch at an index) and `__len__`
    (the number of batches), and optionally `on_epoch_begin` / `on_epoch_end` to change it between epochs.

    A batch is `(inputs,)`, `(inputs, targets)` or `(inputs, targets, sample_weights)`. A dataset of unknown or
    infinite length overrides the `num_batches` property to return None instead of defining `__len__`.

    Args:
        workers: Number of workers fetching batches in parallel during `fit`.
        use_multiprocessing: Fetch batches in worker processes (the dataset must be picklable where processes
            are spawned rather than forked) instead of threads.
        max_queue_size: Most batches fetched ahead of training.

    Example:

    ```python
    class Batches(keras.utils.PyDataset):
        def __init__(self, x, y, batch_size, **kwargs):
            super().__init__(**kwargs)
            self.x, self.y, self.batch_size = x, y, batch_size

        def __len__(self):
            return math.ceil(len(self.x) / self.batch_size)

        def __getitem__(self, index):
            window = slice(index * self.batch_size, (index + 1) * self.batch_size)
            return self.x[window], self.y[window]
    ```
    """

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        self._workers = workers
        self._use_multiprocessing = use_multiprocessing
        self._max_queue_size = max_queue_size

    def _warn_if_super_not_called(self):
        # Subclasses that forget super().__init__() still work, with the defaults, and are told so.
        missing = [name for name in ("_workers", "_use_multiprocessing", "_max_queue_size") if not hasattr(self, name)]
        if not missing:
            return
        self._workers = getattr(self, "_workers", 1)
        self._use_multiprocessing = getattr(self, "_use_multiprocessing", False)
        self._max_queue_size = getattr(self, "_max_queue_size", 10)
        warnings.warn(
            "Your `PyDataset` class should call `super().__init__(**kwargs)` in its constructor. `**kwargs` can "
            "include `workers`, `use_multiprocessing`, `max_queue_size`. Do not pass these arguments to `fit()`, "
            "as they will be ignored.",
            stacklevel=3,
        )

    @property
    def workers(self):
        self._warn_if_super_not_called()
        return self._workers

    @workers.setter
    def workers(self, value):
        self._workers = value

    @property
    def use_multiprocessing(self):
        self._warn_if_super_not_called()
        return self._use_multiprocessing

    @use_multiprocessing.setter
    def use_multiprocessing(self, value):
        self._use_multiprocessing = value

    @property
    def max_queue_size(self):
        self._warn_if_super_not_called()
        return self._max_queue_size

    @max_queue_size.setter
    def max_queue_size(self, value):
        self._max_queue_size = value

    def __getitem__(self, index):
        """The batch at position `index`."""
        raise NotImplementedError

    @property
    def num_batches(self):
        """The number of batches, or None for a dataset of unknown (endless) length. Defaults to `len(self)`."""
        if hasattr(self, "__len__"):
            return len(self)
        raise NotImplementedError(
            "You need to implement the `num_batches` property (or `__len__`):\n\n"
            "@property\ndef num_batches(self):\n  return ..."
        )

    def __iter__(self):
        try:
            count = self.num_batches
        except NotImplementedError:
            count = None
        indices = range(count) if count is not None else itertools.count()
        for index in indices:
            yield self[index]

    def on_epoch_begin(self):
        """Called at the start of every epoch."""

    def on_epoch_end(self):
        """Called at the end of every epoch."""


Sequence = PyDataset
