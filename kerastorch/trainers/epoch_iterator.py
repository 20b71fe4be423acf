"""`EpochIterator`: the batches of one epoch, on the model's device.

It owns the device transfer: in-memory datasets that fit comfortably are moved to a CUDA device once, so
no batch is copied during training; otherwise each batch is copied asynchronously from pinned memory.
"""

import warnings

import torch

from kerastorch.backend import device as device_lib
from kerastorch.trainers.data_adapters import get_data_adapter
from kerastorch.utils import tree

_RESIDENT_FRACTION = 0.25  # of free device memory a dataset may take to be moved there whole


class EpochIterator:
    """Iterates `(step, batch)` pairs for one epoch at a time.

    Args:
        x, y, sample_weight, batch_size, shuffle, class_weight: As in `fit`.
        steps_per_epoch: Optional number of batches per epoch; the data continue where the last epoch
            stopped, and start over when they run out.
        device: The torch device batches are delivered on.
    """

    def __init__(self, x, y=None, sample_weight=None, batch_size=None, steps_per_epoch=None, shuffle=False,
                 class_weight=None, device=None):
        self.adapter = get_data_adapter(x, y, sample_weight=sample_weight, batch_size=batch_size,
                                        steps_per_epoch=steps_per_epoch, shuffle=shuffle, class_weight=class_weight)
        self.steps_per_epoch = steps_per_epoch
        self.device = torch.device(device) if device is not None else device_lib.get_device()
        self._iterator = None
        self._maybe_make_resident()

    def _maybe_make_resident(self):
        if self.device.type != "cuda" or not hasattr(self.adapter, "move_to"):
            return
        free, _ = torch.cuda.mem_get_info(self.device)
        if self.adapter.nbytes() < _RESIDENT_FRACTION * free:
            self.adapter.move_to(self.device)

    @property
    def num_batches(self):
        return self.steps_per_epoch if self.steps_per_epoch is not None else self.adapter.num_batches

    def _to_device(self, batch):
        return tree.map_structure(
            lambda t: device_lib.to_device(t, self.device) if isinstance(t, torch.Tensor) else t, batch
        )

    def __iter__(self):
        if self.steps_per_epoch is None:
            for step, batch in enumerate(self.adapter.get_iterator()):
                yield step, self._to_device(batch)
            return
        step = 0
        restarted = False
        while step < self.steps_per_epoch:
            if self._iterator is None:
                self._iterator = iter(self.adapter.get_iterator())
            try:
                batch = next(self._iterator)
            except StopIteration:
                self._iterator = None
                if restarted:
                    warnings.warn(
                        "Your input ran out of data; interrupting training. Make sure that your dataset or "
                        f"generator can generate at least `steps_per_epoch * epochs` batches. Stopped after "
                        f"{step} of {self.steps_per_epoch} steps.",
                        stacklevel=2,
                    )
                    return
                restarted = True
                continue
            restarted = False
            yield step, self._to_device(batch)
            step += 1
