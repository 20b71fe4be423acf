"""ModelParallel's sharded weights: each weight laid out on the mesh as the `LayoutMap` says, with DTensor.

While `fit` runs, a weight whose layout names a mesh axis keeps only this rank's shard: `variable.data` is the
local piece that torch's `distribute_tensor` hands this rank, and the weight's gradient and optimizer slots
have that shape too. A layer's call sees the whole weight: a forward pre-hook rebuilds it with
`DTensor.from_local(shard).full_tensor()` (an all-gather along the axes the layout names) and puts it in the
layer's `_parameters` for the call only; a forward hook puts the `Variable` back. The gather is
differentiable, so the backward pass hands each shard its slice of the gradient. Along the batch axis, where
the replicas see different data, the gradient is declared `Partial`, and DTensor sums it over the replicas
(an all-reduce, or a reduce-scatter for a weight also split along the batch axis), each replica's part
weighted by its share of the global batch.

Why not FSDP2 (`fully_shard`, which runs on CPU with gloo in torch 2.13): it replaces every registered
Parameter with a new DTensor Parameter and shards each along a dimension of its own choosing, while a Keras
weight is one `Variable` object for its whole life (the optimizer's slots, `layer.kernel`, the trainer's
gradient list and the saving walk all hold it) and the `LayoutMap` chooses the dimension, the mesh axis,
and what stays replicated. Keeping the Variables and swapping their storage keeps all of that working.

When `fit` returns, every weight is whole again on every rank, so `get_weights`, `save`, `evaluate` and
`predict` after `fit` behave as in one process. Saves during `fit` (`ModelCheckpoint`, `BackupAndRestore`)
gather the full values around the write (`gathered()`), every rank taking part.
"""

import contextlib

import torch
from torch.distributed.tensor import DTensor
from torch.distributed.tensor import Partial
from torch.distributed.tensor import Replicate
from torch.distributed.tensor import distribute_tensor

from kerastorch.distribution import distribution_lib


def _path(variable):
    return getattr(variable, "path", None) or getattr(variable, "name", None) or "<unnamed weight>"


def check_layout(variable, layout, mesh):
    """Raises a ValueError naming `variable` when `layout` cannot split it over `mesh`.

    Args:
        variable: The weight (anything with `shape`, ideally a `path`).
        layout: Its `TensorLayout`.
        mesh: The distribution's `DeviceMesh`.
    """
    path, shape, axes = _path(variable), tuple(variable.shape), tuple(layout.axes)
    if layout.device_mesh is not None and (tuple(layout.device_mesh.shape) != tuple(mesh.shape)
                                           or list(layout.device_mesh.axis_names) != list(mesh.axis_names)):
        raise ValueError(
            f"The layout of weight '{path}' refers to another device mesh than the distribution's. Expected: "
            f"the mesh {mesh.axis_names} of shape {mesh.shape}. Received: mesh {layout.device_mesh.axis_names} "
            f"of shape {layout.device_mesh.shape}"
        )
    if len(axes) != len(shape):
        raise ValueError(
            f"The layout of weight '{path}' has {len(axes)} entries but the weight has {len(shape)} dimensions "
            f"(shape {shape}). Expected: one entry per dimension, a mesh axis name or None. Received: axes={axes}"
        )
    sizes = dict(zip(mesh.axis_names, mesh.shape))
    for dim, name in enumerate(axes):
        if name is None:
            continue
        if name not in sizes:
            raise ValueError(
                f"The layout of weight '{path}' splits dimension {dim} along mesh axis {name!r}, which the mesh "
                f"does not have. Expected: one of {list(mesh.axis_names)} or None. Received: axes={axes}"
            )
        if axes.count(name) > 1:
            raise ValueError(
                f"The layout of weight '{path}' uses mesh axis {name!r} for more than one dimension. Expected: "
                f"each mesh axis at most once. Received: axes={axes}"
            )
        if shape[dim] % sizes[name]:
            raise ValueError(
                f"Weight '{path}' of shape {shape} cannot be split along mesh axis {name!r} ({sizes[name]} "
                f"devices) on dimension {dim}, of size {shape[dim]}. Expected: a size divisible by "
                f"{sizes[name]}. Received: axes={axes}, shape={shape}"
            )


class _Weight:
    """One weight of the model and how it lies on the mesh."""

    __slots__ = ("variable", "placements", "shape", "stride", "sharded")

    def __init__(self, variable, placements, sharded):
        self.variable = variable
        self.placements = placements
        self.shape = variable.shape  # the full shape, read before any sharding
        self.stride = _contiguous_strides(variable.shape)
        self.sharded = sharded

    def full(self, mesh, tensor, grad_placements=None):
        """The whole weight from this rank's shard `tensor` (an all-gather along the split axes; differentiable).

        The full shape and strides are given, so building the DTensor costs no communication."""
        local = DTensor.from_local(tensor, mesh, self.placements, shape=self.shape, stride=self.stride)
        return local.full_tensor(grad_placements=grad_placements)

    def local_part(self, mesh, full, src_data_rank=0):
        """This rank's shard of the whole value `full`: sent from rank 0, or cut locally when
        `src_data_rank=None` (every rank holds the same `full`)."""
        return distribute_tensor(full, mesh, self.placements, src_data_rank=src_data_rank).to_local()


def _elementwise_optimizers():
    """The optimizers whose update of a weight reads each element alone, so that it can run on a shard."""
    from kerastorch import optimizers

    return (optimizers.SGD, optimizers.Adam, optimizers.AdamW, optimizers.Adamax, optimizers.Nadam,
            optimizers.RMSprop, optimizers.Adagrad, optimizers.Adadelta, optimizers.Ftrl, optimizers.Lion,
            optimizers.ScheduleFreeAdamW)


class ShardedWeights:
    """The layouts of one model's weights under a `ModelParallel` distribution, and their sharded storage.

    Creating it resolves and checks every layout (no collective, so a bad `LayoutMap` fails the same way on
    every rank); `shard()` and `unshard()` bracket `fit`.

    Args:
        distribution: The `ModelParallel` distribution.
        model: The built model.
        replica_share: A callable returning this replica's share of the current global batch.
    """

    def __init__(self, distribution, model, replica_share):
        self.distribution = distribution
        self.model = model
        self.replica_share = replica_share
        mesh = distribution.device_mesh
        self.num_replicas = distribution.num_model_replicas
        sizes = dict(zip(mesh.axis_names, mesh.shape))
        self.weights = []
        for variable in _unique(model.weights):
            layout = distribution.get_variable_layout(variable) if hasattr(variable, "path") else None
            if layout is None:
                layout = distribution_lib.TensorLayout([None] * len(variable.shape), mesh)
            check_layout(variable, layout, mesh)
            sharded = any(name is not None and sizes[name] > 1 for name in layout.axes)
            self.weights.append(_Weight(variable, distribution_lib._placements(layout, mesh), sharded))
        self.any_sharded = any(weight.sharded for weight in self.weights)
        # Gradients are summed over the replicas (the batch axis); along the model axes every rank saw the
        # same data, so the gradient there is already whole (Replicate).
        self.grad_placements = [
            Partial() if name == distribution.batch_dim_name and size > 1 else Replicate()
            for name, size in zip(mesh.axis_names, mesh.shape)
        ]
        # Weights that go through the gather in each call: the sharded ones, and with several replicas every
        # trainable one, whose gradient must be summed over the replicas.
        self.gathered_weights = [
            weight for weight in self.weights
            if weight.sharded or (self.num_replicas > 1 and _is_trainable_float(weight.variable))
        ]
        self.torch_mesh = None
        self._hooks = []
        self._active = False

    # ------------------------------------------------------------------ checks
    def check_supported(self):
        """Raises a ValueError for what sharded storage cannot do correctly yet (before any collective)."""
        for weight in self.weights:
            if not weight.sharded:
                continue
            variable = weight.variable
            for attribute in ("regularizer", "constraint"):
                if getattr(variable, attribute, None) is not None:
                    raise ValueError(
                        f"Weight '{_path(variable)}' is sharded by the LayoutMap and has a {attribute}, which "
                        f"would see only this rank's shard. Expected: no {attribute} on a sharded weight (or "
                        f"leave the weight out of the LayoutMap). Received: {attribute}="
                        f"{getattr(variable, attribute)!r}"
                    )
        if self.any_sharded and getattr(self.model, "jit_compile", False):
            raise ValueError("ModelParallel with sharded weights runs eagerly. Expected: jit_compile=False in "
                             "`compile()`. Received: jit_compile=True")
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is None or not any(w.sharded and _is_trainable_float(w.variable) for w in self.weights):
            return
        elementwise = _elementwise_optimizers()
        if not isinstance(optimizer, elementwise):
            raise ValueError(
                f"ModelParallel updates each sharded weight on its shard, which needs an optimizer whose update "
                f"is elementwise. Expected: one of {[cls.__name__ for cls in elementwise]}. Received: "
                f"optimizer={type(optimizer).__name__}"
            )
        for argument in ("clipnorm", "global_clipnorm"):
            if getattr(optimizer, argument, None) is not None:
                raise ValueError(
                    f"ModelParallel updates each sharded weight on its shard, where `{argument}` would measure "
                    f"the norm of a shard only. Expected: {argument}=None (`clipvalue` works). Received: "
                    f"{argument}={getattr(optimizer, argument)}"
                )

    # ------------------------------------------------------------------ fit
    def shard(self):
        """Every rank starts from rank 0's weights; sharded weights and their optimizer slots keep only this
        rank's shard; the layers gather their weights for each call."""
        self.check_supported()
        mesh = self.torch_mesh = self.distribution.device_mesh.backend_mesh
        with torch.no_grad():
            for weight in self.weights:
                variable = weight.variable
                # From rank 0: a scatter for a sharded weight, a broadcast for a replicated one.
                local = weight.local_part(mesh, variable.detach())
                if weight.sharded:
                    variable.data = local.clone()  # its own storage: the full tensor can be freed
                else:
                    variable.copy_(local)
            for slot, weight in self._slots():
                if tuple(slot.shape) == tuple(weight.shape):  # built before `fit`: whole until now
                    slot.data = weight.local_part(mesh, slot.detach()).clone()
        self._register_hooks()
        self._active = True

    def unshard(self):
        """Every weight and optimizer slot whole again on every rank (an all-gather each)."""
        if not self._active:
            return
        self._remove_hooks()
        with torch.no_grad():
            for variable, full in self._gather_all():
                variable.data = full
        self._active = False

    @property
    def active(self):
        return self._active

    @contextlib.contextmanager
    def gathered(self):
        """Inside the block, the sharded weights and slots hold their whole values (for a save); every rank
        must enter it together."""
        if not self._active:
            yield
            return
        with torch.no_grad():
            swapped = [(variable, variable.data, full) for variable, full in self._gather_all()]
        for variable, _, full in swapped:
            variable.data = full
        try:
            yield
        finally:
            for variable, local, _ in swapped:
                variable.data = local

    def _gather_all(self):
        """(variable, whole value) for each sharded weight, then each of their optimizer slots, in an order
        every rank shares."""
        mesh = self.torch_mesh
        pairs = [(w.variable, w.full(mesh, w.variable.detach())) for w in self.weights if w.sharded]
        for slot, weight in self._slots():
            if tuple(slot.shape) != tuple(weight.shape):
                pairs.append((slot, weight.full(mesh, slot.detach())))
        return pairs

    def _slots(self):
        """(slot, weight) for each optimizer variable made from a sharded weight. Keras names a slot
        `<the weight's path, "/" as "_">_<slot>` (`sequential_dense_kernel_momentum`)."""
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is None or not hasattr(optimizer, "variables"):
            return []
        # Every weight's prefix, so that the longest match wins: `dense_kernel_1_momentum` is the slot of
        # `dense/kernel_1`, not of `dense/kernel`.
        prefixes = {_path(weight.variable).replace("/", "_").replace(":", "_") + "_": weight for weight in self.weights}
        pairs = []
        for slot in optimizer.variables:
            name = getattr(slot, "name", None) or ""
            matches = [prefix for prefix in prefixes if name.startswith(prefix)]
            if matches and prefixes[max(matches, key=len)].sharded:
                pairs.append((slot, prefixes[max(matches, key=len)]))
        return pairs

    # ------------------------------------------------------------------ calls
    def _register_hooks(self):
        by_id = {id(weight.variable): weight for weight in self.gathered_weights}
        if not by_id:
            return
        covered = set()
        for unit in _call_units(self.model):
            owners = _owners(unit, by_id)
            if owners:
                covered.update(id(weight.variable) for weight, _ in owners)
                self._hook(unit, owners)
        rest = {key: weight for key, weight in by_id.items() if key not in covered}
        if rest:
            self._hook(self.model, _owners(self.model, rest))

    def _hook(self, unit, owners):
        """Around each call of `unit`: the whole weights in place of the Variables of its layers."""
        grouped = {}
        for weight, slot in owners:
            grouped.setdefault(id(weight), (weight, []))[1].append(slot)
        entries = list(grouped.values())
        live = []

        def before(module, args):
            gathered = []
            for weight, slots in entries:
                full = weight.full(self.torch_mesh, weight.variable, self.grad_placements)
                if self.num_replicas > 1 and full.requires_grad:
                    full.register_hook(self._weigh)
                for module_, key in slots:
                    module_._parameters[key] = full
                gathered.append((weight, slots, full, full._version))
            live.append(gathered)

        def after(module, args, output):
            if not live:
                return
            for weight, slots, full, version in live.pop():
                for module_, key in slots:
                    module_._parameters[key] = weight.variable
                if full._version != version and weight.sharded:
                    # The call updated the weight (a moving statistic): keep this rank's part of the update.
                    with torch.no_grad():
                        weight.variable.copy_(weight.local_part(self.torch_mesh, full.detach(), None))

        self._hooks.append(unit.register_forward_pre_hook(before))
        self._hooks.append(unit.register_forward_hook(after, always_call=True))

    def _weigh(self, gradient):
        # Partial over the replicas means "sum": each replica's mean-loss gradient counts for its share.
        return gradient * self.replica_share()

    def _remove_hooks(self):
        for handle in self._hooks:
            handle.remove()
        self._hooks = []


def _contiguous_strides(shape):
    strides, step = [], 1
    for size in reversed(tuple(shape)):
        strides.append(step)
        step *= max(int(size), 1)
    return tuple(reversed(strides))


def _unique(variables):
    seen, found = set(), []
    for variable in variables:
        if id(variable) not in seen:
            seen.add(id(variable))
            found.append(variable)
    return found


def _is_trainable_float(variable):
    return variable.requires_grad and (variable.is_floating_point() or variable.is_complex())


def _call_units(model):
    """The layers whose calls gather weights: the layers of a Functional or Sequential model (recursively,
    since such a model's call only calls them), and any other layer, a subclassed model included, whole."""
    from kerastorch.models.functional import Functional
    from kerastorch.models.sequential import Sequential

    units, seen = [], set()

    def visit(layer):
        if id(layer) in seen:
            return
        seen.add(id(layer))
        if isinstance(layer, (Functional, Sequential)):
            for sub in layer.layers:
                visit(sub)
        else:
            units.append(layer)

    visit(model)
    return units


def _owners(unit, by_id):
    """(weight, (module, key)) for every registration of a gathered weight among `unit`'s modules."""
    found = []
    for module in unit.modules():
        for key, parameter in module._parameters.items():
            weight = by_id.get(id(parameter))
            if weight is not None:
                found.append((weight, (module, key)))
    return found
