"""`EpochIterator`: the batches of one epoch, on the model's device.

It owns the device transfer: in-memory datasets that fit comfortably are moved to a CUDA device once, so
no batch is copied during training; other batches are copied asynchronously (pinned memory, non_blocking).

It also owns the epoch boundaries. Data that can be read again (arrays, PyDataset, DataLoader) start over
each epoch. With `steps_per_epoch`, or with data that can be read only once (a generator), one iterator is
kept across epochs, so each epoch continues where the last stopped. As in Keras, an epoch never runs past
the end of data that can be read again: it ends there (short, with Keras's "ran out of data" warning when
`steps_per_epoch` asked for more) and the next epoch starts over. A batch handed to a consumer that
stopped iterating right away (the trainer peeks one batch to build the model) is handed out again first,
so peeking never loses a batch of a generator.
"""

import warnings

import torch

from kerastorch.backend import config as backend_config
from kerastorch.backend import device as device_lib
from kerastorch.trainers.data_adapters import get_data_adapter
from kerastorch.utils import tree

_RESIDENT_FRACTION = 0.25  # of free device memory a dataset may take to be moved there whole


class EpochIterator:
    """Iterates `(step, batch)` pairs for one epoch at a time.

    Args:
        x, y, sample_weight, batch_size, shuffle, class_weight: As in `fit`.
        steps_per_epoch: Optional number of batches per epoch; the data continue where the last epoch
            stopped. Data that run out end the epoch early with Keras's warning; the next epoch starts
            over (a generator starts over with the batches Keras replays, see `GeneratorDataAdapter`).
        device: The torch device batches are delivered on.
    """

    def __init__(self, x, y=None, sample_weight=None, batch_size=None, steps_per_epoch=None, shuffle=False,
                 class_weight=None, device=None):
        if steps_per_epoch is not None and (isinstance(steps_per_epoch, bool) or int(steps_per_epoch) < 1):
            raise ValueError(f"`steps_per_epoch` must be a positive integer or None. Received: "
                             f"steps_per_epoch={steps_per_epoch!r}")
        cap = backend_config.max_steps_per_epoch()  # keras.config.set_max_steps_per_epoch, for debugging runs
        if cap and (not steps_per_epoch or cap < steps_per_epoch):
            warnings.warn(f"Limiting steps_per_epoch to {cap}", stacklevel=3)
            steps_per_epoch = cap
        self.adapter = get_data_adapter(x, y, sample_weight=sample_weight, batch_size=batch_size,
                                        steps_per_epoch=steps_per_epoch, shuffle=shuffle, class_weight=class_weight)
        self.steps_per_epoch = None if steps_per_epoch is None else int(steps_per_epoch)
        self.device = torch.device(device) if device is not None else device_lib.get_device()
        self._iterator = None  # kept across epochs with steps_per_epoch or one-shot data
        self._pending = []  # device batches handed out but not consumed, delivered again first
        self._counted_batches = None  # the length of one-shot data, learned when it runs out
        self._epoch_open = False
        self._maybe_make_resident()

    def _maybe_make_resident(self):
        if self.device.type != "cuda" or not hasattr(self.adapter, "move_to"):
            return
        free, _ = torch.cuda.mem_get_info(self.device)
        if self.adapter.nbytes() < _RESIDENT_FRACTION * free:
            self.adapter.move_to(self.device)

    @property
    def num_batches(self):
        """Batches per epoch: `steps_per_epoch`, else the data's length, else None (unknown) until a one-shot
        source has run out once."""
        if self.steps_per_epoch is not None:
            return self.steps_per_epoch
        if self.adapter.num_batches is not None:
            return self.adapter.num_batches
        return self._counted_batches

    def _to_device(self, batch):
        return tree.map_structure(
            lambda t: device_lib.to_device(t, self.device) if isinstance(t, torch.Tensor) else t, batch
        )

    @property
    def _persistent(self):
        return self.steps_per_epoch is not None or getattr(self.adapter, "one_shot", False)

    def _begin_epoch(self):
        if not self._epoch_open:
            self._epoch_open = True
            if hasattr(self.adapter, "on_epoch_begin"):
                self.adapter.on_epoch_begin()

    def _end_epoch(self):
        self._epoch_open = False
        if hasattr(self.adapter, "on_epoch_end"):
            self.adapter.on_epoch_end()

    def _deliver(self, step, batch):
        """Yields one `(step, batch)`; a consumer that stops right after leaves the batch pending."""
        try:
            yield step, batch
        except GeneratorExit:
            if self._persistent:
                self._pending.insert(0, batch)
            raise

    def __iter__(self):
        self._begin_epoch()
        if self.steps_per_epoch is not None:
            yield from self._iterate_steps()
        elif self._persistent:
            yield from self._iterate_one_shot()
        else:
            for step, batch in enumerate(self.adapter.get_iterator()):
                yield from self._deliver(step, self._to_device(batch))
        self._end_epoch()

    def _next_batch(self):
        if self._pending:
            return self._pending.pop(0)
        if self._iterator is None:
            self._iterator = iter(self.adapter.get_iterator())
        return self._to_device(next(self._iterator))

    def _iterate_one_shot(self):
        step = 0
        while True:
            try:
                batch = self._next_batch()
            except StopIteration:
                self._iterator = None
                break
            yield from self._deliver(step, batch)
            step += 1
        if self._counted_batches is None:
            self._counted_batches = step or None
        else:
            self._ran_out(step)

    def _iterate_steps(self):
        step = 0
        restarted = False
        while step < self.steps_per_epoch:
            try:
                batch = self._next_batch()
            except StopIteration:
                self._iterator = None
                # Data read to their very end by the last epoch start over silently; running out within
                # this epoch ends it short (Keras does not wrap an epoch around the end of the data).
                if step or restarted or getattr(self.adapter, "one_shot", False):
                    self._ran_out(step)
                    return
                restarted = True
                continue
            restarted = False
            yield from self._deliver(step, batch)
            step += 1

    def reset(self):
        """Starts the next pass from the beginning of the data, as Keras's `evaluate` does on each call (so
        `validation_steps` validates on the same first batches every epoch). A generator cannot start over:
        the new pass replays the batches Keras remembers, then continues."""
        self._iterator = None
        self._pending = []

    def _ran_out(self, step):
        warnings.warn(
            "Your input ran out of data; interrupting training. Make sure that your dataset or generator can "
            "generate at least `steps_per_epoch * epochs` batches. "
            f"Stopped after {step} of {self.num_batches or 'the expected'} steps.",
            stacklevel=3,
        )
