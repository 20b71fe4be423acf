"""ModelParallel's sharded weights: each weight laid out on the mesh as the `LayoutMap` says, with DTensor.

A weight whose layout names a mesh axis keeps only this process's piece, from the moment `add_weight` creates it
(under a multi-process `ModelParallel`, set with `set_distribution` or active in `scope()`) for the rest of its
life: `variable.data` is the piece, and the weight's gradient and optimizer slots have its shape. The Variable
object stays the same (the optimizer's slots, `layer.kernel`, the trainer's gradient list and the saving walk
all hold it); `variable._sharding` (a `Sharding`) says how it lies on the mesh.

Creation. The initializer runs on every process for the whole shape and each keeps its slice (then frees the
rest), so no process talks to another and the values are a one-process run's with the same seed. The peak is
one whole weight beyond the pieces created so far. It needs the same random state on every process:
`keras.utils.set_random_seed(seed)` gives it, and so does creating the `ModelParallel`, which shares rank 0's
Python random state and kerastorch's global seed generator. A weight built before the distribution existed is
adopted at the next `fit` / `evaluate` / `predict`: rank 0's value, scattered (or broadcast when replicated).

Calls. A layer's call sees its whole weights: a forward pre-hook rebuilds each one with
`DTensor.from_local(piece).full_tensor()` (an all-gather along the axes the layout names) and puts it in the
layer's `_parameters` for the call only; a forward hook puts the Variable back. The gather is differentiable,
so the backward pass hands each piece its slice of the gradient. Along the batch axis, where the replicas see
different data, the gradient is declared `Partial`, and DTensor sums it over the replicas (an all-reduce, or a
reduce-scatter for a weight split along the batch axis), each replica's part weighted by its share of the global
batch. Whole weights saved for the backward pass are not kept: autograd stores a note, and the backward pass
gathers the weight again when it needs it (as FSDP does), so between layer calls only pieces stay in memory.

The hook sits on the layer that owns the weight from its creation, and on the outermost layer that is not a
`Model` among those whose build or call creates it (found on the Python stack): a layer that builds its own
layers may read their weights outside their calls (an RNN and its cell, `TimeDistributed` and its layer), so it
gathers them too; a `Functional`, `Sequential` or subclassed model only calls its layers. `fit` / `evaluate` /
`predict` check the same hooks over the whole model, for weights built before the distribution. Replicated
trainable weights go through the gather too when there are several replicas, in training only: it sums their
gradients over the replicas (DistributedDataParallel does it instead when nothing in the model is sharded).

Reading and writing. `get_weights()` gathers every sharded weight (a collective: every process calls it);
`set_weights()` and loading cut each process's slice from the whole value, with no communication. One weight
reads and writes the same way (`Variable.numpy()` gathers through `whole_value`, `Variable.assign` cuts its
slice), and `global_shape` is its whole shape, which `count_params()` and `summary()` count; `shape` stays the
piece's, the torch tensor's own (see `backend/variable.py`). An optimizer slot made from a sharded weight carries
the weight's sharding too (`mark_slots`, when the optimizer's variables are read), so the optimizer's
`get_weights()` / `set_weights()` and its saved variables are whole. Saving gathers the weights on every process
and rank 0 writes the usual Keras files; a process that is not rank 0 takes part in the gather and writes nothing.
Rank 0 holds the whole weights in host memory while it writes (inside the save a weight's storage is whole, and
reading it gathers nothing).

Why not FSDP2 (`fully_shard`, which runs on CPU with gloo in torch 2.13): it replaces every registered
Parameter with a new DTensor Parameter and shards each along a dimension of its own choosing, while a Keras
weight is one `Variable` object for its whole life and the `LayoutMap` chooses the dimension, the mesh axis,
and what stays replicated. Keeping the Variables and swapping their storage keeps all of that working.
"""

import contextlib
import sys

import numpy as np
import torch
import torch.distributed as dist
from torch._subclasses.fake_tensor import FakeTensor
from torch.distributed.tensor import DTensor
from torch.distributed.tensor import Partial
from torch.distributed.tensor import Replicate
from torch.distributed.tensor import distribute_tensor

from kerastorch.distribution import distribution_lib

_FAKE = torch._C._TorchDispatchModeKey.FAKE


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


def check_no_regularizer(variable):
    """A regularizer or constraint on a sharded weight would see this process's piece only."""
    for attribute in ("regularizer", "constraint"):
        if getattr(variable, attribute, None) is not None:
            raise ValueError(
                f"Weight '{_path(variable)}' is sharded by the LayoutMap and has a {attribute}, which would see "
                f"only this process's piece. Expected: no {attribute} on a sharded weight (or leave the weight "
                f"out of the LayoutMap). Received: {attribute}={getattr(variable, attribute)!r}"
            )


class Sharding:
    """How one weight lies on the mesh: its whole shape, torch's placements, and this process's slice.

    Args:
        distribution: The multi-process `ModelParallel`.
        layout: The weight's `TensorLayout`.
        shape: The weight's whole shape.
    """

    def __init__(self, distribution, layout, shape):
        mesh = distribution.device_mesh
        self.distribution = distribution
        self.placements = distribution_lib._placements(layout, mesh)
        self.shape = tuple(int(size) for size in shape)
        self.stride = _contiguous_strides(self.shape)
        coordinate = _coordinate(mesh, distribution._process_id)
        # (dimension, start, length) of this process's slice, one per mesh axis that splits the weight.
        self.pieces = []
        for axis, (name, size) in enumerate(zip(mesh.axis_names, mesh.shape)):
            if name in layout.axes and size > 1:
                dim = list(layout.axes).index(name)
                length = self.shape[dim] // size
                self.pieces.append((dim, coordinate[axis] * length, length))
        self.sharded = bool(self.pieces)
        self.local_shape = list(self.shape)
        for dim, _, length in self.pieces:
            self.local_shape[dim] = length
        self.local_shape = tuple(self.local_shape)
        # Gradients are summed over the replicas (the batch axis); along the model axes every process saw the
        # same data, so the gradient there is already whole.
        self.grad_placements = [
            Partial() if name == distribution.batch_dim_name and size > 1 else Replicate()
            for name, size in zip(mesh.axis_names, mesh.shape)
        ]
        self.summed_over_replicas = distribution.num_model_replicas > 1

    def full(self, local):
        """The whole weight from this process's piece `local` (an all-gather along the split axes;
        differentiable). The whole shape and strides are given, so building the DTensor costs no communication."""
        mesh = self.distribution.device_mesh.backend_mesh
        dtensor = DTensor.from_local(local, mesh, self.placements, shape=self.shape, stride=self.stride)
        return dtensor.full_tensor(grad_placements=self.grad_placements)

    def norm(self, local):
        """The L2 norm of the whole tensor whose piece here is `local` (laid out as the weight): a collective."""
        mesh = self.distribution.device_mesh.backend_mesh
        dtensor = DTensor.from_local(local, mesh, self.placements, shape=self.shape, stride=self.stride)
        return torch.linalg.vector_norm(dtensor).full_tensor()

    @staticmethod
    def all_agree(flag):
        """Whether the 0-d bool tensor `flag` is true on every process (a collective): a decision every process
        takes alike, such as a loss-scaled step whose pieces of the gradient were all finite."""
        value = flag.to(torch.int32)
        dist.all_reduce(value, op=dist.ReduceOp.MIN)
        return value.bool()

    def local_part(self, full):
        """This process's slice of the whole value `full` (a view; no communication)."""
        for dim, start, length in self.pieces:
            full = full.narrow(dim, start, length)
        return full

    def scatter_from_chief(self, value):
        """This process's piece of rank 0's whole `value` (a scatter; a broadcast for a replicated weight)."""
        mesh = self.distribution.device_mesh.backend_mesh
        return distribute_tensor(value, mesh, self.placements, src_data_rank=0).to_local()


def _coordinate(mesh, rank):
    ranks = np.vectorize(distribution_lib._device_rank)(mesh.devices)
    position = np.argwhere(ranks == rank)
    if not len(position):
        raise ValueError(f"Process {rank} has no device in the mesh. Expected: a mesh over every process's device. "
                         f"Received: devices={mesh.devices.tolist()}")
    return [int(index) for index in position[0]]


def _contiguous_strides(shape):
    strides, step = [], 1
    for size in reversed(tuple(shape)):
        strides.append(step)
        step *= max(int(size), 1)
    return tuple(reversed(strides))


# ---------------------------------------------------------------------------------------------- creation
def on_weight_created(distribution, layer, variable):
    """Called by `add_weight` under a multi-process `ModelParallel`: a weight the layout splits keeps this
    process's slice of its initial value, and `layer` gathers it around each call."""
    layout = distribution.get_variable_layout(variable)
    check_layout(variable, layout, distribution.device_mesh)
    sharding = Sharding(distribution, layout, variable.shape)
    variable._distributed_by = distribution
    if not sharding.sharded:
        if sharding.summed_over_replicas and (variable.is_floating_point() or variable.is_complex()):
            _hook_weight(layer, variable, sharding)  # its gradient is summed over the replicas in the gather
        return
    check_no_regularizer(variable)
    from kerastorch.backend import symbolic

    with torch.no_grad(), symbolic.real_tensors():  # a weight made during shape inference is real too
        # Its own storage: the whole initial value is freed when `add_weight` returns.
        variable.data = sharding.local_part(variable.detach()).clone(memory_format=torch.contiguous_format)
    variable._sharding = sharding
    _hook_weight(layer, variable, sharding)


def _hook_weight(layer, variable, sharding):
    """`layer` gathers its new weight around its calls, and so does the layer that builds it, if any."""
    _hook_of(layer, deep=False).add(variable, sharding)
    outer = _enclosing_layer(layer)
    if outer is not None:
        _hook_of(outer, deep=True).add(variable, sharding)


def _enclosing_layer(owner):
    """The outermost layer that is not a `Model` among those whose methods (a `build` or a call) are running
    around the creation of `owner`'s weight, other than `owner`: a layer that builds its own layers (an RNN and
    its cell, `TimeDistributed`, a block) may read their weights in its call, so it gathers them too."""
    from kerastorch.layers.layer import Layer
    from kerastorch.models.model import Model

    found, frame = None, sys._getframe(2)
    for _ in range(_FRAMES_SEARCHED):
        if frame is None:
            break
        candidate = frame.f_locals.get("self")
        if isinstance(candidate, Layer) and not isinstance(candidate, Model) and candidate is not owner:
            found = candidate
        frame = frame.f_back
    return found


_FRAMES_SEARCHED = 200


# ---------------------------------------------------------------------------------------------- calls
class _GatherHook:
    """Around each call of one module: the whole value of each of its gathered weights in place of the Variable,
    wherever the module (`deep`: or a module inside it) registers that weight."""

    def __init__(self, module, deep):
        self.module = module
        self.deep = deep
        self.entries = {}  # id(variable) -> (variable, sharding)
        self.registrations = None  # (variable, sharding, [(module, key)]) for a deep hook, found by `refresh`
        self.live = []
        self.handles = [module.register_forward_pre_hook(self.before),
                        module.register_forward_hook(self.after, always_call=True)]

    def add(self, variable, sharding):
        self.entries[id(variable)] = (variable, sharding)
        self.registrations = None

    def refresh(self):
        found = {}
        modules = self.module.modules() if self.deep else [self.module]
        for module in modules:
            # A Layer's keys of its weights, for a key whose Variable shape inference has put a stand-in for
            # (`symbolic.fake_parameters`).
            by_key = {key: identity for identity, key in getattr(module, "_variable_keys", {}).items()}
            for key, parameter in module._parameters.items():
                entry = self.entries.get(id(parameter))
                if entry is None and isinstance(parameter, FakeTensor) and key in by_key:
                    entry = self.entries.get(by_key[key])
                if entry is not None:
                    found.setdefault(id(entry[0]), (entry[0], entry[1], []))[2].append((module, key))
        self.registrations = list(found.values())

    def before(self, module, args):
        if self.registrations is None or not self.deep:
            self.refresh()  # a layer's own keys can still change (`self.w = self.add_weight(name="kernel")`)
        fake = torch._C._get_dispatch_mode(_FAKE) is not None
        training = torch.is_grad_enabled()
        swapped, saved = [], []
        for variable, sharding, places in self.registrations:
            if not sharding.sharded and (fake or not training or not variable.requires_grad
                                         or sharding.distribution._data_parallel_fit):
                continue  # a replicated weight goes through the gather only for its gradient's sum over replicas
            todo = []
            for owner, key in places:
                current = owner._parameters.get(key)
                if current is variable or (fake and current is not None and tuple(current.shape) != sharding.shape):
                    todo.append((owner, key, current))
            if not todo:
                continue  # an outer call holds the whole weight already
            if fake:  # shape inference: a stand-in of the whole shape, no communication
                full = torch.empty(sharding.shape, dtype=variable.dtype, device=variable.device)
            else:
                full = _plain(sharding.full(variable))
                if sharding.summed_over_replicas and full.requires_grad:
                    full.register_hook(_weigh_by_replica_share(sharding.distribution))
                if sharding.sharded and full.requires_grad:
                    saved.append((full, variable, sharding))
            for owner, key, _ in todo:
                owner._parameters[key] = full
            swapped.append((variable, sharding, todo, full, full._version, fake))
        regather = None
        if saved:
            _open_calls.append({full.untyped_storage().data_ptr(): (v, s) for full, v, s in saved})
            regather = torch.autograd.graph.saved_tensors_hooks(_pack, _unpack)
            regather.__enter__()
        self.live.append((swapped, regather))

    def after(self, module, args, output):
        if not self.live:
            return
        swapped, regather = self.live.pop()
        if regather is not None:
            regather.__exit__(None, None, None)
            _open_calls.pop()
        for variable, sharding, todo, full, version, fake in swapped:
            for owner, key, previous in todo:
                owner._parameters[key] = previous
            if not fake and sharding.sharded and full._version != version:
                # The call updated the weight in place (a moving statistic): keep this process's part of it.
                with torch.no_grad():
                    variable.copy_(sharding.local_part(full.detach()))


def _weigh_by_replica_share(distribution):
    def weigh(gradient):
        # Partial over the replicas means "sum": each replica's mean-loss gradient counts for its share.
        return gradient * distribution._replica_share

    return weigh


# For each call in progress that holds whole weights: their storages, and which weight each one is. Only the
# innermost saved-tensor hooks run, so they look through every call in progress.
_open_calls = []


def _pack(tensor):
    """A whole weight that an op keeps for the backward pass is stored as a note (which weight, which view of
    it), and gathered again when the backward pass reads it."""
    try:
        pointer = tensor.untyped_storage().data_ptr()
    except (RuntimeError, NotImplementedError):  # a tensor without a storage of its own
        return tensor
    for storages in reversed(_open_calls):
        owner = storages.get(pointer)
        if owner is not None:
            return (_Regather, owner[0], owner[1], tensor.size(), tensor.stride(), tensor.storage_offset())
    return tensor


def _unpack(packed):
    if not (isinstance(packed, tuple) and packed and packed[0] is _Regather):
        return packed
    _, variable, sharding, size, stride, offset = packed
    with torch.no_grad():
        full = _plain(sharding.full(variable.detach()))
    return full.as_strided(size, stride, offset)


def _plain(full):
    """The gathered weight as a contiguous tensor at the start of its storage, so that a view noted by `pack`
    means the same elements in the weight gathered again."""
    if not full.is_contiguous() or full.storage_offset():
        return full.clone(memory_format=torch.contiguous_format)
    return full


class _Regather:
    """Marks a saved whole weight to gather again in the backward pass."""


def _hook_of(module, deep):
    """The module's gather hook, made once; asked for a deep one, it covers the modules inside it from then on."""
    hook = module.__dict__.get("_sharded_weights_hook")
    if hook is None:
        hook = _GatherHook(module, deep)
        module.__dict__["_sharded_weights_hook"] = hook
    elif deep and not hook.deep:
        hook.deep = True  # in place: a call in progress still puts back what it swapped
        hook.registrations = None
    return hook


# ---------------------------------------------------------------------------------------------- a model under fit
def _elementwise_optimizers():
    """The optimizers whose update of a weight reads each element alone, so that it can run on a piece."""
    from kerastorch import optimizers

    return (optimizers.SGD, optimizers.Adam, optimizers.AdamW, optimizers.Adamax, optimizers.Nadam,
            optimizers.RMSprop, optimizers.Adagrad, optimizers.Adadelta, optimizers.Ftrl, optimizers.Lion,
            optimizers.ScheduleFreeAdamW)


class ShardedModel:
    """One model's weights under a multi-process `ModelParallel`: their layouts, and the hooks that gather them.

    Creating it resolves and checks every layout (no collective, so a bad `LayoutMap` fails the same way on every
    process). `prepare()`, run by `fit` / `evaluate` / `predict`, adopts weights built before the distribution
    and hooks every outermost layer.

    Args:
        distribution: The `ModelParallel` distribution.
        model: The model.
    """

    def __init__(self, distribution, model):
        self.distribution = distribution
        self.model = model
        mesh = distribution.device_mesh
        self.weights = []  # (variable, sharding) in `model.weights` order
        for variable in _unique(model.weights):
            existing = getattr(variable, "_sharding", None)
            layout = distribution.get_variable_layout(variable) if hasattr(variable, "path") else None
            if layout is None:
                layout = distribution_lib.TensorLayout([None] * len(variable.shape), mesh)
            shape = variable.shape if existing is None else existing.shape
            check_layout(_Shaped(variable, shape), layout, mesh)
            sharding = Sharding(distribution, layout, shape)
            if existing is not None and existing.distribution is distribution:
                sharding = existing
            elif existing is not None:
                _check_same_pieces(variable, existing, sharding)
                variable._sharding = sharding  # the same pieces, now answering to this distribution
            self.weights.append((variable, sharding))
        self.any_sharded = any(sharding.sharded for _, sharding in self.weights)

    def check_supported(self, optimizer, jit_compile):
        """Raises a ValueError for what sharded storage cannot do correctly yet (before any collective)."""
        for variable, sharding in self.weights:
            if sharding.sharded:
                check_no_regularizer(variable)
        if self.any_sharded and jit_compile:
            raise ValueError("ModelParallel with sharded weights runs eagerly. Expected: jit_compile=False in "
                             "`compile()`. Received: jit_compile=True")
        if optimizer is None or not any(s.sharded and _is_trainable_float(v) for v, s in self.weights):
            return
        elementwise = _elementwise_optimizers()
        inner = getattr(optimizer, "inner_optimizer", optimizer)  # a LossScaleOptimizer's
        if not isinstance(inner, elementwise):
            raise ValueError(
                f"ModelParallel updates each sharded weight on its piece, which needs an optimizer whose update "
                f"is elementwise. Expected: one of {[cls.__name__ for cls in elementwise]}. Received: "
                f"optimizer={type(inner).__name__}"
            )

    def prepare(self):
        """Weights built before the distribution take rank 0's values (sharded as the layout says), and each
        outermost layer gathers the weights inside it around its calls."""
        if not self.any_sharded:
            return
        with torch.no_grad():
            for variable, sharding in self.weights:
                if getattr(variable, "_sharding", None) is not None:
                    continue  # sharded already
                if sharding.sharded:
                    check_no_regularizer(variable)
                    slots = [slot for slot, _, _ in _slots(self.model, [(variable, sharding)])
                             if tuple(slot.shape) == sharding.shape]
                    variable.data = sharding.scatter_from_chief(variable.detach()).clone()
                    variable._sharding = sharding
                    for slot in slots:  # built with the whole weight: its piece too
                        slot.data = sharding.scatter_from_chief(slot.detach()).clone()
                        slot._sharding = sharding
                elif getattr(variable, "_distributed_by", None) is None:
                    # Created outside any ModelParallel, perhaps from another random state: rank 0's value, and
                    # rank 0's optimizer slots.
                    variable.copy_(sharding.scatter_from_chief(variable.detach()))
                    for slot, _, _ in _slots(self.model, [(variable, sharding)]):
                        slot.copy_(sharding.scatter_from_chief(slot.detach()))
                variable._distributed_by = self.distribution
        self._hook_outermost_layers()

    def _hook_outermost_layers(self):
        gathered = {
            id(variable): (variable, sharding) for variable, sharding in self.weights
            if sharding.sharded or (sharding.summed_over_replicas and _is_trainable_float(variable))
        }
        for unit, deep in _call_units(self.model):
            modules = unit.modules() if deep else [unit]
            found = [gathered[id(p)] for m in modules for p in m._parameters.values() if id(p) in gathered]
            if found:
                hook = _hook_of(unit, deep)
                for variable, sharding in found:
                    hook.add(variable, sharding)
                hook.refresh()


def _check_same_pieces(variable, existing, sharding):
    old_mesh, new_mesh = existing.distribution.device_mesh.shape, sharding.distribution.device_mesh.shape
    if existing.placements != sharding.placements or tuple(old_mesh) != tuple(new_mesh):
        raise ValueError(
            f"Weight '{_path(variable)}' is sharded by another ModelParallel, as {existing.placements} on a mesh of "
            f"shape {tuple(old_mesh)}. Expected: the same mesh and layout (to lay the weights out anew, save them "
            "and load them into a model built under this distribution). Received: "
            f"{sharding.placements} on a mesh of shape {tuple(new_mesh)}"
        )


class _Shaped:
    """A weight seen with its whole shape (for `check_layout` on a sharded one)."""

    def __init__(self, variable, shape):
        self.path = _path(variable)
        self.shape = tuple(shape)


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
    """(layer, deep) for each layer whose calls gather weights: every outermost layer that is not a `Model`
    (deep: the weights of the layers inside it too), and each `Model` for its own weights (a Functional,
    Sequential or subclassed model only calls its layers)."""
    from kerastorch.models.model import Model

    units, seen = [], set()

    def visit(layer):
        if id(layer) in seen:
            return
        seen.add(id(layer))
        if isinstance(layer, Model):
            units.append((layer, False))
            for sub in layer._layers:
                visit(sub)
        else:
            units.append((layer, True))

    visit(model)
    return units


def _slots(model, weights):
    """(slot, weight, sharding) for each optimizer variable made from one of `weights` (pairs of a weight and
    its sharding)."""
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or not hasattr(optimizer, "variables"):
        return []
    wanted = {id(v): sharding for v, sharding in weights}
    return [(slot, variable, wanted[id(variable)])
            for slot, variable in _slot_owners(optimizer.variables, [v for v, _ in _model_weights(model)])
            if id(variable) in wanted]


def _slot_owners(slots, weights):
    """(slot, weight) for each of `slots` made from one of `weights`. Keras names a slot
    `<the weight's path, "/" as "_">_<slot>` (`sequential_dense_kernel_momentum`)."""
    # Every weight's prefix, so that the longest match wins: `dense_kernel_1_momentum` is the slot of
    # `dense/kernel_1`, not of `dense/kernel`.
    prefixes = {_path(v).replace("/", "_").replace(":", "_") + "_": v for v in weights}
    pairs = []
    for slot in slots:
        name = getattr(slot, "name", None) or ""
        matches = [prefix for prefix in prefixes if name.startswith(prefix)]
        if matches:
            pairs.append((slot, prefixes[max(matches, key=len)]))
    return pairs


def mark_slots(optimizer):
    """Marks each slot of `optimizer` whose storage is the piece of a sharded weight's (Adam's moments, an EMA,
    a gradient accumulator) with that weight's sharding, so that reading it (`numpy()`, the optimizer's
    `get_weights()`, saving) gathers it whole and `set_weights()` / loading cut its slice. The optimizer asks
    when its variables are read; no communication."""
    weights = list(getattr(optimizer, "_trainable_variables", []))
    for slot, weight in _slot_owners(optimizer._variables, weights):
        sharding = getattr(weight, "_sharding", None)
        if sharding is not None and sharding.sharded and tuple(slot.shape) == sharding.local_shape:
            slot._sharding = sharding


def _model_weights(model):
    return [(v, getattr(v, "_sharding", None)) for v in _unique(model.weights)]


def sharded_variables(model):
    """(variable, sharding) for each sharded weight of `model`, then each optimizer slot of one, in an order
    every process shares. A slot built after its weight was sharded has the piece's shape, and is marked."""
    weights = [(v, s) for v, s in _model_weights(model) if s is not None and s.sharded]
    if not weights:
        return []
    pairs = list(weights)
    for slot, _, sharding in _slots(model, weights):
        if tuple(slot.shape) == sharding.local_shape:
            slot._sharding = sharding
            pairs.append((slot, sharding))
    return pairs


def has_sharded_weights(variables):
    return any(getattr(v, "_sharding", None) is not None for v in variables)


# ---------------------------------------------------------------------------------------------- reading, writing
def _all_present(distribution, what):
    """A barrier on a gloo group of its own before a gather outside the training step, so that a process that
    gathers alone fails after the timeout with this message, instead of pairing its gather with another
    collective of the other processes."""
    try:
        dist.barrier(group=distribution_lib._save_group(distribution))
    except RuntimeError as error:
        raise _collective_error(
            f"Process {dist.get_rank()}: not every process took part in {what} within the timeout. Under "
            "ModelParallel the weights are sharded, so reading them whole (`get_weights()`, `variable.numpy()`, "
            "the optimizer's `get_weights()`, `model.save()`, `save_weights()`, ModelCheckpoint, BackupAndRestore) "
            "gathers them from every process: call it on every process (only rank 0 writes files). Received: "
            f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        ) from error


def _collective_error(message):
    from kerastorch.distribution._runtime import CollectiveError

    return CollectiveError(message)


def _piece_sharding(variable):
    """The sharding of a variable whose storage is this process's piece; None for one that is not sharded or that
    holds its whole value for a moment (inside `saving` on rank 0, or `loading`)."""
    sharding = getattr(variable, "_sharding", None)
    if sharding is None or tuple(variable.shape) == sharding.shape:
        return None
    return sharding


def get_weights(variables):
    """The whole values of `variables` as NumPy arrays (sharded ones gathered: every process calls it)."""
    shardings = [_piece_sharding(v) for v in variables]
    present = [s for s in shardings if s is not None]
    if present:
        _all_present(present[0].distribution, "a `get_weights()`")
    values = []
    with torch.no_grad():
        for variable, sharding in zip(variables, shardings):
            value = variable.detach() if sharding is None else sharding.full(variable.detach())
            values.append(value.to("cpu", copy=True).numpy())
    return values


def whole_value(variable):
    """The whole value of the sharded `variable`, a host tensor (gathered: every process calls it). Backs
    `variable.numpy()`, `np.asarray(variable)` and `keras.ops.convert_to_numpy(variable)`."""
    sharding = variable._sharding
    _all_present(sharding.distribution, f"a read of the whole value of '{_path(variable)}' (`numpy()`)")
    with torch.no_grad():
        return sharding.full(variable.detach()).to("cpu", copy=True)


def set_weights(layer, variables, values):
    """Sets `variables` from whole arrays: each sharded weight keeps this process's slice (no communication)."""
    from kerastorch.layers import layer_utils

    for variable, value in zip(variables, values):
        value = np.asarray(value)
        sharding = getattr(variable, "_sharding", None)
        shape = tuple(variable.shape) if sharding is None else sharding.shape
        if tuple(value.shape) != shape:
            raise ValueError(
                f"Layer '{layer.name}' weight shape {shape} is not compatible with provided weight shape "
                f"{tuple(value.shape)} (weight '{layer_utils.variable_path(variable)}')."
            )
    with torch.no_grad():
        for variable, value in zip(variables, values):
            value = torch.as_tensor(np.asarray(value), dtype=variable.dtype)
            sharding = getattr(variable, "_sharding", None)
            variable.copy_(value if sharding is None else sharding.local_part(value))


@contextlib.contextmanager
def saving(model):
    """Around a save of `model`: yields whether this process writes. Every process gathers every sharded weight
    and slot; on rank 0 their whole values (in host memory) take the pieces' place inside the block; the other
    processes drop each one as soon as it is gathered."""
    pairs = sharded_variables(model)
    distribution = pairs[0][1].distribution
    chief = distribution._process_id == 0
    _all_present(distribution, "a save of the sharded weights")
    swapped = []
    try:
        with torch.no_grad():
            for variable, sharding in pairs:
                full = sharding.full(variable.detach())
                if chief:
                    swapped.append((variable, variable.data))
                    variable.data = full.to("cpu")
                del full
        yield chief
    finally:
        for variable, local in swapped:
            variable.data = local
    # When `save` returns on any process, rank 0 has written the file.
    _all_present(distribution, "a save of the sharded weights (waiting for rank 0 to write)")


@contextlib.contextmanager
def loading(model):
    """Around a load into `model`: inside the block each sharded weight and slot has its whole shape (empty, in
    host memory); afterwards each one the load wrote keeps this process's slice, and the others keep their piece.
    No communication: every process reads the same file."""
    pairs = sharded_variables(model)
    swapped = []
    try:
        with torch.no_grad():
            for variable, sharding in pairs:
                local = variable.data
                variable.data = torch.empty(sharding.shape, dtype=local.dtype, device="cpu")
                swapped.append((variable, sharding, local, variable._version))
        yield
    except BaseException:
        for variable, _, local, _ in swapped:
            variable.data = local
        raise
    else:
        with torch.no_grad():
            for variable, sharding, local, version in swapped:
                if variable._version != version:
                    local.copy_(sharding.local_part(variable.detach()))
                variable.data = local
