"""Splitting each global batch across processes, so that every sample is seen exactly once.

`batch_size` is the global batch (Keras's distribution API): every process reads the same sequence of
global batches and keeps its slice, rank r taking rows `[start_r, start_r + size_r)` with sizes differing by
at most one. The processes agree on the order: a shuffled epoch's order (arrays, PyDataset, a DataLoader's
RandomSampler) is drawn on rank 0 and broadcast once per epoch, so the run sees exactly the batches a
single process would see with the same seed.

A global batch smaller than the number of processes (only ever the last one) leaves some ranks without a
sample. They still take part in the step, on a copy of the batch's first sample whose gradient weight is 0
and whose metric updates are undone, so nothing is counted twice.
"""

import torch
import torch.distributed as dist

from kerastorch.utils import tree


def split_sizes(total, parts):
    """Sizes of `parts` near-equal consecutive slices of `total` rows."""
    base, extra = divmod(total, parts)
    return [base + (1 if rank < extra else 0) for rank in range(parts)]


def _rows(batch):
    for leaf in tree.flatten(batch):
        if leaf is not None and hasattr(leaf, "shape") and len(leaf.shape):
            return int(leaf.shape[0])
    raise ValueError(f"Cannot split a batch without array leaves across processes. Received: {batch!r}")


def _slice(batch, start, stop):
    return tree.map_structure(lambda t: t if t is None or not hasattr(t, "shape") else t[start:stop], batch)


def broadcast_from_chief(value):
    """Rank 0's `value` on every rank (one collective)."""
    box = [value]
    dist.broadcast_object_list(box, src=0)
    return box[0]


class ShardedAdapter:
    """Wraps a data adapter; yields this rank's slice of every global batch.

    Args:
        adapter: The adapter of the global data.
        rank, world_size: This process and the number of processes sharing each batch.
        on_batch: Called as `on_batch(weight, padded)` before each slice is handed out: `weight` is the
            slice's share of the global batch, `padded` says the slice is a zero-weight stand-in.
    """

    def __init__(self, adapter, rank, world_size, on_batch):
        self.adapter = adapter
        self.rank = rank
        self.world_size = world_size
        self.on_batch = on_batch
        self.one_shot = getattr(adapter, "one_shot", False)
        self.global_sizes = []  # rows of each global batch handed out, for `predict` to reassemble
        if hasattr(adapter, "sync_order"):
            adapter.sync_order = broadcast_from_chief
        self._loader = getattr(adapter, "_dataloader", None)

    @property
    def num_batches(self):
        return self.adapter.num_batches

    @property
    def batch_size(self):
        return getattr(self.adapter, "batch_size", None)

    def on_epoch_begin(self):
        if hasattr(self.adapter, "on_epoch_begin"):
            self.adapter.on_epoch_begin()

    def on_epoch_end(self):
        if hasattr(self.adapter, "on_epoch_end"):
            self.adapter.on_epoch_end()

    def get_iterator(self):
        batch_sampler = getattr(self._loader, "batch_sampler", None)
        sampler = getattr(batch_sampler, "sampler", None)
        if not isinstance(sampler, torch.utils.data.RandomSampler):
            yield from self._slices()
            return
        batch_sampler.sampler = _ChiefSeededSampler(sampler)
        try:
            yield from self._slices()
        finally:
            batch_sampler.sampler = sampler

    def _slices(self):
        for batch in self.adapter.get_iterator():
            total = _rows(batch)
            self.global_sizes.append(total)
            sizes = split_sizes(total, self.world_size)
            start = sum(sizes[: self.rank])
            size = sizes[self.rank]
            if size == 0:
                self.on_batch(0.0, True)
                yield _slice(batch, 0, 1)
            else:
                self.on_batch(size / total, False)
                yield _slice(batch, start, start + size)


class _ChiefSeededSampler(torch.utils.data.Sampler):
    """A DataLoader's RandomSampler drawing its order on rank 0's terms, exactly as it would alone: the
    seed comes from rank 0's generator at the moment the sampler would draw it itself."""

    def __init__(self, sampler):
        self.sampler = sampler

    def __len__(self):
        return len(self.sampler)

    def __iter__(self):
        own = self.sampler.generator
        if own is not None:
            own.set_state(broadcast_from_chief(own.get_state()))
            yield from self.sampler
            return
        # What RandomSampler does without a generator: one seed from torch's global generator.
        seed = broadcast_from_chief(int(torch.empty((), dtype=torch.int64).random_().item()))
        generator = torch.Generator()
        generator.manual_seed(seed)
        self.sampler.generator = generator
        try:
            yield from self.sampler
        finally:
            self.sampler.generator = None
