"""What `fit`, `evaluate` and `predict` do differently when a distribution spans several processes.

The trainer asks `run_for(model)` once per call; it answers None in a single process (nothing changes, no
cost per step) and otherwise a `DistributedRun`, which the trainer consults at a few points: to shard the
data, to wrap `fit` (DistributedDataParallel; under `ModelParallel` the weights are sharded already, see
`_sharded_weights.py`), to sum metric state across ranks before results are read, and to reassemble
`predict` outputs. Callbacks ask `is_chief()` before they print or write files, and `chief_value()` for
decisions every process must share; saving asks `whole_weights()` and loading `loading()`.
"""

import contextlib

import torch
import torch.distributed as dist

from kerastorch.distribution import distribution_lib
from kerastorch.distribution._sharding import ShardedAdapter
from kerastorch.utils import tree

class CollectiveError(RuntimeError):
    """A collective failed (another process crashed, hung, or did not take part); the message says which
    process and why. Raised once: the outer `errors_explained` blocks let it through."""


def is_chief():
    """True on the process that prints and writes files: rank 0, or the only process."""
    current = distribution_lib.distribution()
    return current is None or current._process_id == 0


def join_chief_save(model):
    """On a process other than rank 0, where a callback skips its save: takes part in whatever collective rank
    0's save runs (gathering the sharded weights under ModelParallel; nothing under DataParallel)."""
    if _has_sharded_weights(model):
        from kerastorch.distribution import _sharded_weights

        with _sharded_weights.saving(model):
            pass


@contextlib.contextmanager
def whole_weights(model):
    """Around a save: yields whether this process writes. When `model` has weights sharded by ModelParallel,
    every process gathers them (a collective: every process saves), rank 0 writes them whole and the others
    write nothing; otherwise nothing changes and the process writes."""
    if not _has_sharded_weights(model):
        yield True
        return
    from kerastorch.distribution import _sharded_weights

    with _sharded_weights.saving(model) as writes:
        yield writes


@contextlib.contextmanager
def loading(model):
    """Around a load: a weight sharded by ModelParallel has its whole shape inside the block, and keeps this
    process's slice of what was loaded after it (no communication)."""
    if not _has_sharded_weights(model):
        yield
        return
    from kerastorch.distribution import _sharded_weights

    with _sharded_weights.loading(model):
        yield


def _has_sharded_weights(model):
    weights = getattr(model, "weights", None)
    return bool(weights) and any(getattr(v, "_sharding", None) is not None for v in weights)


def chief_value(value):
    """Rank 0's `value` on every process of a multi-process distribution (one broadcast), `value` otherwise:
    for decisions every process must make alike (whether a callback saves)."""
    current = distribution_lib.distribution()
    if current is None or not current._is_multi_process:
        return value
    from kerastorch.distribution._sharding import broadcast_from_chief

    return broadcast_from_chief(value)


def run_for(model):
    """The model's `DistributedRun` under a multi-process distribution, else None."""
    current = distribution_lib.distribution()
    if current is None or not current._is_multi_process:
        return None
    if not distribution_lib._process_group_ready():
        raise ValueError("The distribution spans several processes but the process group is gone. Call "
                         "`keras.distribution.initialize()` before `fit`. Received: no process group")
    run = model.__dict__.get("_distribution_run")
    if run is None or run.distribution is not current:
        run_class = ModelParallelRun if isinstance(current, distribution_lib.ModelParallel) else DistributedRun
        run = run_class(current, model)
        model._set_untracked("_distribution_run", run)
    run.prepare()
    return run


class _CommState:
    """This rank's share of the current global batch, read by the gradient hook."""

    def __init__(self):
        self.weight = 1.0


def _weighted_allreduce_hook(state, bucket):
    """DDP comm hook: the global-batch gradient is the share-weighted sum of the per-rank mean gradients.

    With equal shares this is DDP's own average; with unequal ones (a last batch that does not divide
    evenly, a zero-weight stand-in) it still equals the gradient one process would compute on the batch.
    """
    buffer = bucket.buffer()
    buffer.mul_(state.weight)
    future = dist.all_reduce(buffer, async_op=True).get_future()
    return future.then(lambda fut: fut.value()[0])


class DistributedRun:
    """Data parallelism for one model: sharded inputs, DDP in `fit`, global metrics, ordered `predict`.

    Args:
        distribution: The current `Distribution`.
        model: The model being trained.
    """

    def __init__(self, distribution, model):
        self.distribution = distribution
        self.model = model
        self.num_shards = distribution.num_model_replicas if distribution.auto_shard_dataset else 1
        self.shard_id = distribution.data_shard_id if self.num_shards > 1 else 0
        # ModelParallel: the processes along the model axes of one replica read the same slice, so each
        # counts for 1/ranks_per_shard of it in gradients and metrics.
        self.ranks_per_shard = max(1, distribution.num_processes // self.num_shards)
        self._comm = _CommState()
        self._comm.weight = 1.0 / self.ranks_per_shard
        self._snapshot = None

    def prepare(self):
        """Before each `fit`, `evaluate` and `predict`: nothing to do for replicated weights."""

    # ------------------------------------------------------------------ data
    def shard(self, iterator):
        """Makes `iterator` deliver this rank's slice of every global batch."""
        if self.num_shards > 1 and not isinstance(iterator.adapter, ShardedAdapter):
            iterator.adapter = ShardedAdapter(iterator.adapter, self.shard_id, self.num_shards, self._on_batch)
        return iterator

    def _on_batch(self, weight, padded):
        self._undo_padded_updates()
        self._comm.weight = weight / self.ranks_per_shard
        if padded:
            self._snapshot = [v.detach().clone() for v in self._metric_variables()]

    def _undo_padded_updates(self):
        if self._snapshot is not None:
            with torch.no_grad():
                for variable, value in zip(self._metric_variables(), self._snapshot):
                    variable.copy_(value)
            self._snapshot = None

    # ------------------------------------------------------------------ training
    @contextlib.contextmanager
    def fitting(self):
        """Inside `fit`: the training forward goes through DistributedDataParallel, which also starts every
        rank from rank 0's weights."""
        model = self.model
        device = model._device()
        with self.errors_explained():
            ddp = torch.nn.parallel.DistributedDataParallel(
                model, device_ids=[device.index] if device.type == "cuda" else None,
                broadcast_buffers=False,
            )
            ddp.register_comm_hook(self._comm, _weighted_allreduce_hook)
        model._set_untracked("_distributed_forward", ddp)
        try:
            with self.errors_explained():
                yield
        finally:
            model._set_untracked("_distributed_forward", None)

    # ------------------------------------------------------------------ metrics
    def _metric_variables(self):
        return [v for metric in self.model.metrics for v in getattr(metric, "variables", [])]

    def reduce_metrics(self):
        """Sums every metric's state across ranks (one collective), so results are global and identical.

        Built-in metrics keep sums (totals, counts, confusion counts), which add across ranks."""
        self._undo_padded_updates()
        variables = self._metric_variables()
        if not variables:
            return
        flat = torch.cat([v.detach().reshape(-1).to(torch.float64) for v in variables])
        with self.errors_explained():
            dist.all_reduce(flat)
        if self.ranks_per_shard > 1:
            flat /= self.ranks_per_shard  # each slice was counted once per process of its replica
        offset = 0
        with torch.no_grad():
            for variable in variables:
                count = variable.numel()
                variable.copy_(flat[offset: offset + count].reshape(variable.shape).to(variable.dtype))
                offset += count

    # ------------------------------------------------------------------ predict
    def gather_outputs(self, outputs, iterator):
        """Every rank's `predict` outputs, per global batch and in rank order: the samples' own order."""
        adapter = iterator.adapter
        if not isinstance(adapter, ShardedAdapter):
            return outputs  # every process predicted every sample
        from kerastorch.distribution._sharding import split_sizes

        local = []
        for structure, total in zip(outputs, adapter.global_sizes):
            rows = split_sizes(total, self.num_shards)[self.shard_id]
            local.append([leaf[:rows] for leaf in tree.flatten(structure)])
        everyone = [None] * dist.get_world_size()
        with self.errors_explained():
            dist.all_gather_object(everyone, local)
        # Ranks of one replica (ModelParallel) hold the same slice: take one rank per data shard.
        per_shard = [everyone[rank] for rank in self._first_rank_of_each_shard()]
        ordered = []
        for index in range(len(outputs)):
            for shard in per_shard:
                if int(shard[index][0].shape[0]):
                    ordered.append(tree.pack_sequence_as(outputs[0], shard[index]))
        return ordered

    def _first_rank_of_each_shard(self):
        first = {}
        for rank in range(dist.get_world_size()):
            first.setdefault(self.distribution._data_shard_of(rank), rank)
        return [first[shard] for shard in range(self.num_shards)]

    # ------------------------------------------------------------------ failures
    @contextlib.contextmanager
    def errors_explained(self):
        """Turns a failed collective (another process crashed or stopped answering) into a clear error."""
        try:
            yield
        except RuntimeError as error:
            if isinstance(error, CollectiveError) or not _is_collective_failure(error):
                raise
            raise CollectiveError(
                f"Process {dist.get_rank()} of {dist.get_world_size()}: a collective operation failed, most "
                "likely because another process crashed or stopped responding (the wait is bounded by the "
                "`timeout` of `keras.distribution.initialize()`). Look at the other processes' logs for the "
                f"first error. Received: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
            ) from error


class ModelParallelRun(DistributedRun):
    """`ModelParallel`: the data handling of `DistributedRun`, and weights sharded as the `LayoutMap` says (see
    `_sharded_weights.py`); they stay sharded across `fit`, `evaluate` and `predict`. A layout map that shards
    nothing trains with DistributedDataParallel, exactly as `DataParallel`."""

    def __init__(self, distribution, model):
        super().__init__(distribution, model)
        self.sharded_model = None
        self._prepared_for = None

    def prepare(self):
        """Adopts weights built before the distribution and hooks the layers (once the model is built; again
        when its weights change)."""
        if not getattr(self.model, "built", False):
            return
        weights = self.model.weights
        key = tuple(id(v) for v in weights) + (id(getattr(self.model, "optimizer", None)),)
        if key == self._prepared_for:
            return
        from kerastorch.distribution._sharded_weights import ShardedModel

        self.sharded_model = ShardedModel(self.distribution, self.model)
        self._prepared_for = key
        with self.errors_explained():
            self.sharded_model.prepare()

    def _on_batch(self, weight, padded):
        super()._on_batch(weight, padded)
        self.distribution._replica_share = weight

    @contextlib.contextmanager
    def fitting(self):
        self.prepare()  # the model may have been built on the first batch
        sharded = self.sharded_model
        if sharded is None or not sharded.any_sharded:
            self.distribution._data_parallel_fit = True
            try:
                with super().fitting():
                    yield
            finally:
                self.distribution._data_parallel_fit = False
            return
        # Before any collective: every process raises the same error.
        sharded.check_supported(getattr(self.model, "optimizer", None), getattr(self.model, "jit_compile", False))
        try:
            with self.errors_explained():
                yield
        finally:
            self.distribution._replica_share = 1.0 / self.distribution.num_model_replicas


def _is_collective_failure(error):
    if isinstance(error, getattr(dist, "DistError", ())):
        return True
    text = str(error).lower()
    return any(word in text for word in ("gloo", "nccl", "connection", "timed out", "timeout", "peer"))
