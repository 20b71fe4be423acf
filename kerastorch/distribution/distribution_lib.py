"""`keras.distribution` on `torch.distributed`: meshes, layouts and the distributions that use them.

Torch runs one process per device, launched by `torchrun --nproc_per_node N script.py`. `initialize()`
joins the process group torchrun describes, and a device here is one process's device: `list_devices()`
names `world_size` of them ("gpu:0", "gpu:1", ... or "cpu:0", "cpu:1", ...), numbered by rank, so a
`DeviceMesh` maps mesh positions to ranks.

A distribution set with `set_distribution()` (or active in `scope()`) changes what `fit`, `evaluate` and
`predict` do when more than one process runs: every global batch is split across the data-parallel ranks,
and the model is replicated with DistributedDataParallel (`DataParallel`), or its weights are sharded as a
`LayoutMap` says from their creation on (`ModelParallel`, see `_sharded_weights.py`). With one process both
are no-ops, so the same script runs on a laptop and under torchrun.
"""

import collections
import contextlib
import datetime
import math
import os
import re
import warnings

import numpy as np
import torch
import torch.distributed as dist

DEFAULT_BATCH_DIM_NAME = "batch"
_DEVICE_TYPES = ("cpu", "gpu")
_state = {"distribution": None, "timeout": None}
_DEFAULT_TIMEOUT_SECONDS = 600


def _process_group_ready():
    return dist.is_available() and dist.is_initialized()


def _num_processes():
    return dist.get_world_size() if _process_group_ready() else 1


def _process_id():
    return dist.get_rank() if _process_group_ready() else 0


def _default_device_type():
    return "gpu" if torch.cuda.is_available() else "cpu"


def list_devices(device_type=None):
    """The devices available for distributed computation, as `"type:id"` strings.

    In a process group (after `initialize()`), every process owns one device and the list is global: one
    entry per rank, `"gpu:<rank>"` or `"cpu:<rank>"`. Without one, the local devices: every GPU, or
    `["cpu:0"]`.

    Args:
        device_type: `"cpu"` or `"gpu"`. Defaults to `"gpu"` when CUDA is available, else `"cpu"`.

    Returns:
        A list of device strings; never a mix of types.
    """
    device_type = _standardize_device_type(device_type)
    if _process_group_ready():
        return [f"{device_type}:{rank}" for rank in range(dist.get_world_size())]
    if device_type == "gpu":
        return [f"gpu:{index}" for index in range(torch.cuda.device_count())]
    return ["cpu:0"]


def get_device_count(device_type=None):
    """The number of devices `list_devices(device_type)` returns."""
    return len(list_devices(device_type))


def _standardize_device_type(device_type):
    if device_type is None:
        return _default_device_type()
    device_type = str(device_type).lower()
    if device_type == "cuda":
        device_type = "gpu"
    if device_type not in _DEVICE_TYPES:
        raise ValueError(f"`device_type` must be one of {_DEVICE_TYPES} (TPUs have no torch backend here). "
                         f"Received: device_type={device_type!r}")
    return device_type


def initialize(job_addresses=None, num_processes=None, process_id=None, timeout=None):
    """Joins the torch.distributed process group of this run.

    Under `torchrun` nothing needs passing: the rank, world size and rendezvous address come from its
    environment (`RANK`, `WORLD_SIZE`, `LOCAL_RANK`, `MASTER_ADDR`, `MASTER_PORT`). Keras's arguments and
    their `KERAS_DISTRIBUTION_*` variables are honoured for launchers that set those instead. GPUs use the
    NCCL backend (each process on `cuda:LOCAL_RANK`, which also becomes kerastorch's default device); CPUs
    use gloo.

    Every collective is bounded by `timeout`, so when a process crashes or hangs the others stop with an
    error instead of waiting forever.

    Args:
        job_addresses: Comma-separated `host:port` addresses; the first is the coordinator (rank 0).
            Defaults to `KERAS_DISTRIBUTION_JOB_ADDRESSES`, else torchrun's `MASTER_ADDR`/`MASTER_PORT`.
        num_processes: The world size. Defaults to `KERAS_DISTRIBUTION_NUM_PROCESSES`, else `WORLD_SIZE`.
        process_id: This process's rank. Defaults to `KERAS_DISTRIBUTION_PROCESS_ID`, else `RANK`.
        timeout: Seconds a collective may wait for the other processes (kerastorch extension). Defaults to
            `KERASTORCH_DISTRIBUTION_TIMEOUT`, else 600.
    """
    env = os.environ
    job_addresses = job_addresses or env.get("KERAS_DISTRIBUTION_JOB_ADDRESSES")
    num_processes = num_processes if num_processes is not None else _env_int("KERAS_DISTRIBUTION_NUM_PROCESSES")
    process_id = process_id if process_id is not None else _env_int("KERAS_DISTRIBUTION_PROCESS_ID")
    num_processes = num_processes if num_processes is not None else _env_int("WORLD_SIZE")
    process_id = process_id if process_id is not None else _env_int("RANK")
    if timeout is None:
        timeout = float(env.get("KERASTORCH_DISTRIBUTION_TIMEOUT", _DEFAULT_TIMEOUT_SECONDS))
    if not timeout or timeout <= 0:
        raise ValueError(f"`timeout` must be a positive number of seconds. Received: timeout={timeout!r}")
    if _process_group_ready():
        if num_processes is not None and int(num_processes) != dist.get_world_size():
            raise ValueError("The process group is already initialized with another world size. "
                             f"Received: num_processes={num_processes}, world size={dist.get_world_size()}")
        return
    if num_processes is None or process_id is None:
        raise ValueError(
            "`initialize()` needs the world size and this process's rank: launch with `torchrun "
            "--nproc_per_node N script.py`, or pass `num_processes` and `process_id`. "
            f"Received: num_processes={num_processes}, process_id={process_id}"
        )
    num_processes, process_id = int(num_processes), int(process_id)
    if not 0 <= process_id < num_processes:
        raise ValueError(f"`process_id` must be in [0, num_processes). "
                         f"Received: process_id={process_id}, num_processes={num_processes}")
    if job_addresses:
        host, _, port = job_addresses.split(",")[0].strip().rpartition(":")
        if not host or not port.isdigit():
            raise ValueError("`job_addresses` must be comma-separated `host:port` entries. "
                             f"Received: job_addresses={job_addresses!r}")
        env["MASTER_ADDR"], env["MASTER_PORT"] = host, port
    for name in ("MASTER_ADDR", "MASTER_PORT"):
        if name not in env:
            raise ValueError(f"No rendezvous address: set {name} (torchrun does) or pass `job_addresses`. "
                             f"Received: job_addresses={job_addresses!r}")
    backend = "gloo"
    if torch.cuda.is_available():
        from kerastorch.backend import device as device_lib

        local_rank = _env_int("LOCAL_RANK")
        local_rank = process_id % torch.cuda.device_count() if local_rank is None else local_rank
        torch.cuda.set_device(local_rank)
        device_lib.set_device(f"cuda:{local_rank}")
        backend = "nccl"
    _state["timeout"] = timeout
    dist.init_process_group(backend=backend, rank=process_id, world_size=num_processes,
                            timeout=datetime.timedelta(seconds=timeout))


def _collective_timeout():
    """The `timeout` given to `initialize()` (or its default), as a timedelta for new process groups."""
    seconds = _state["timeout"] or float(os.environ.get("KERASTORCH_DISTRIBUTION_TIMEOUT", _DEFAULT_TIMEOUT_SECONDS))
    return datetime.timedelta(seconds=seconds)


def _env_int(name):
    value = os.environ.get(name)
    return None if value in (None, "") else int(value)


class DeviceMesh:
    """A grid of devices with named axes, e.g. `(2, 4)` with `("batch", "model")`.

    Devices are numbered by rank (see `list_devices`), so the mesh says which ranks hold replicas (along
    the batch axis) and which hold shards of one replica (along a model axis).

    Args:
        shape: The mesh's shape, e.g. `(8,)` for data parallelism or `(2, 4)` for data + model.
        axis_names: One name per axis; layouts refer to axes by these names.
        devices: Optional devices (strings as `list_devices` returns). Defaults to `list_devices()`.
    """

    def __init__(self, shape, axis_names, devices=None):
        if not shape or not axis_names:
            raise ValueError(f"Shape and axis_names cannot be empty. Received: shape={shape}, "
                             f"axis_names={axis_names}")
        if len(shape) != len(axis_names):
            raise ValueError(f"Shape and axis_names should have same size. Received: shape={shape}, "
                             f"axis_names={axis_names}")
        devices = np.array(list_devices() if devices is None else devices)
        if math.prod(shape) != devices.size:
            raise ValueError(f"Shape does not match the number of devices. Received: shape={shape}; "
                             f"devices.shape={devices.shape}")
        self._shape = tuple(shape)
        self._axis_names = list(axis_names)
        self._devices = np.reshape(devices, shape)

    @property
    def shape(self):
        return self._shape

    @property
    def axis_names(self):
        return self._axis_names

    @property
    def devices(self):
        return self._devices

    @property
    def backend_mesh(self):
        """The `torch.distributed.device_mesh.DeviceMesh` over the ranks (needs the process group)."""
        if getattr(self, "_backend_mesh", None) is None:
            if not _process_group_ready():
                raise ValueError("A torch DeviceMesh needs the process group: call "
                                 "`keras.distribution.initialize()` first. Received: no process group")
            ranks = np.vectorize(_device_rank)(self._devices)
            device_type = "cuda" if str(self._devices.flat[0]).startswith("gpu") else "cpu"
            # One process group per line of the mesh along each axis, made here rather than by torch's
            # DeviceMesh so that they keep `initialize()`'s timeout (torch's own would wait 30 minutes).
            groups = []
            for axis in range(ranks.ndim):
                lines = np.moveaxis(ranks, axis, -1).reshape(-1, ranks.shape[axis]).tolist()
                mine, _ = dist.new_subgroups_by_enumeration(lines, timeout=_collective_timeout())
                groups.append(mine)
            self._backend_mesh = torch.distributed.device_mesh.DeviceMesh.from_group(
                groups, device_type, mesh=torch.as_tensor(ranks), mesh_dim_names=tuple(self._axis_names)
            )
        return self._backend_mesh

    def __repr__(self):
        return f"<{self.__class__.__name__} shape={self.shape}, axis_names={self.axis_names}>"


def _device_rank(device):
    _, _, index = str(device).rpartition(":")
    if not index.isdigit():
        raise ValueError(f"Devices must be strings like 'gpu:3' (the number is the rank). Received: {device!r}")
    return int(index)


class TensorLayout:
    """How a tensor is split over a mesh: per dimension, a mesh axis name (sharded along it) or None.

    Args:
        axes: One entry per tensor dimension, e.g. `(None, "model")` splits the columns of a kernel.
        device_mesh: Optional `DeviceMesh`; a `LayoutMap` fills in its own.
    """

    def __init__(self, axes, device_mesh=None):
        self._axes = tuple(axes)
        self._device_mesh = device_mesh
        self._validate_axes()

    @property
    def axes(self):
        return self._axes

    @property
    def device_mesh(self):
        return self._device_mesh

    @device_mesh.setter
    def device_mesh(self, device_mesh):
        if self._device_mesh is not None:
            raise ValueError(f"Cannot override device mesh value. Existing value is {self._device_mesh}. "
                             f"Received: device_mesh={device_mesh}")
        self._device_mesh = device_mesh
        self._validate_axes()

    def _validate_axes(self):
        if self._device_mesh is not None:
            valid = set(self._device_mesh.axis_names)
            unknown = set(self._axes) - {None} - valid
            if unknown:
                raise ValueError(f"Invalid axis names for Layout. Valid axis names: {valid}. "
                                 f"Received: axes={self._axes}")

    def __repr__(self):
        return f"<{self.__class__.__name__} axes={self.axes}, device_mesh={self.device_mesh}>"


class Distribution:
    """The base of the distributions: a mesh, the name of its batch axis, and dataset sharding.

    Args:
        device_mesh: A `DeviceMesh`.
        batch_dim_name: The mesh axis the batch is split along.
        auto_shard_dataset: Split each global batch across processes. Set False when every process already
            reads its own shard; then `batch_size` is per process. Defaults to True.
    """

    def __init__(self, device_mesh, batch_dim_name=None, auto_shard_dataset=True):
        self._device_mesh = device_mesh
        self._batch_dim_name = batch_dim_name
        self._auto_shard_dataset = auto_shard_dataset
        self._num_processes = _num_processes()
        self._process_id = _process_id()
        self._is_multi_process = self._num_processes > 1
        if self._is_multi_process and device_mesh.devices.size != self._num_processes:
            raise ValueError(
                "Torch runs one process per device, so the mesh must have one device per process. Received: "
                f"mesh shape={device_mesh.shape} ({device_mesh.devices.size} devices) and "
                f"{self._num_processes} processes"
            )

    @property
    def num_processes(self):
        return self._num_processes

    @property
    def num_model_replicas(self):
        raise NotImplementedError

    @property
    def data_shard_id(self):
        """Which shard of the data this process reads: processes of one replica read the same one."""
        return self._data_shard_of(self._process_id)

    def _data_shard_of(self, rank):
        replicas = self.num_model_replicas
        if replicas >= self.num_processes:
            return rank
        return rank // (self.num_processes // replicas)

    @property
    def device_mesh(self):
        return self._device_mesh

    @property
    def batch_dim_name(self):
        return self._batch_dim_name

    @property
    def auto_shard_dataset(self):
        return self._auto_shard_dataset

    @auto_shard_dataset.setter
    def auto_shard_dataset(self, value):
        self._auto_shard_dataset = value

    def get_data_layout(self, data_shape):
        """Inputs are split along their first (batch) dimension."""
        axes = [None] * len(data_shape)
        axes[0] = self.batch_dim_name
        return TensorLayout(axes, self.device_mesh)

    def get_variable_layout(self, variable):
        raise NotImplementedError

    def get_tensor_layout(self, path):
        raise NotImplementedError

    @contextlib.contextmanager
    def scope(self):
        """Makes this distribution current inside the `with` block."""
        previous = distribution()
        set_distribution(self)
        try:
            yield
        finally:
            set_distribution(previous)

    def distribute_dataset(self, dataset):
        """The dataset itself: kerastorch shards inputs inside `fit` / `evaluate` / `predict`."""
        return dataset

    def __repr__(self):
        return f"<{self.__class__.__name__} device_mesh={self.device_mesh}>"


class DataParallel(Distribution):
    """Data parallelism: every process holds the whole model and trains on its share of each batch.

    Under `torchrun`, `fit` wraps the model in DistributedDataParallel (gradients are averaged across ranks
    during the backward pass, weighted by each rank's share of the batch), `batch_size` is the global batch,
    metrics are summed across ranks before they are read, `predict` returns every sample in order on every
    rank, and only rank 0 prints progress and writes files.

    Give `device_mesh` (1D; with more axes the first is the batch axis) or `devices`, or neither to use
    `list_devices()`.

    Args:
        device_mesh: Optional `DeviceMesh`.
        devices: Optional list of devices.
        auto_shard_dataset: See `Distribution`. Defaults to True.

    Example (run with `torchrun --nproc_per_node 2 train.py`):

    >>> keras.distribution.initialize()
    >>> keras.distribution.set_distribution(keras.distribution.DataParallel())
    >>> model.fit(x, y, batch_size=64)  # 32 samples per rank and step
    """

    def __init__(self, device_mesh=None, devices=None, auto_shard_dataset=True):
        if device_mesh is not None:
            if not isinstance(device_mesh, DeviceMesh):
                raise ValueError("Expect `mesh` to be an instance of `DeviceMesh`. "
                                 f"Received: mesh={device_mesh} (of type {type(device_mesh)})")
            if device_mesh.devices.ndim != 1:
                warnings.warn(f"Expect the input mesh to be 1D, but received mesh.devices.ndim="
                              f"{device_mesh.devices.ndim}. The first axis will be used for data-parallel "
                              "sharding.", stacklevel=2)
            super().__init__(device_mesh, device_mesh.axis_names[0], auto_shard_dataset)
            return
        devices = np.array(devices if devices else list_devices())
        mesh = DeviceMesh(shape=devices.shape, axis_names=[DEFAULT_BATCH_DIM_NAME], devices=devices)
        super().__init__(mesh, DEFAULT_BATCH_DIM_NAME, auto_shard_dataset)

    @property
    def num_model_replicas(self):
        return self.device_mesh.devices.size

    def get_variable_layout(self, variable):
        if getattr(variable, "_layout", None) is not None:
            return variable._layout
        return TensorLayout([None] * len(variable.shape), self.device_mesh)

    def get_tensor_layout(self, path):
        return None


class ModelParallel(Distribution):
    """Model (and data) parallelism: a mesh with a batch axis and model axes, and a `LayoutMap` naming how
    weights are split over the mesh.

    Under `torchrun`, the batch is split along the batch axis as in `DataParallel` (the processes along the
    model axes of one replica read the same slice). A weight created while this distribution is set (or its
    `scope()` active) whose layout names a mesh axis is stored sharded from its creation on: each process keeps
    only its piece (a `(None, "model")` kernel on a 2-process model axis keeps half its columns), and so do the
    weight's gradient and optimizer slots, through `fit`, `evaluate` and `predict`. The initializer runs on
    every process and each keeps its slice, so the whole values are a one-process run's with the same seed
    (creating the distribution gives every process rank 0's random state). Each layer's call gathers its whole
    weights with torch DTensor (`full_tensor()`, an all-gather); the backward pass gathers them again rather
    than keeping them, and returns each piece its part of the gradient, summed over the replicas along the
    batch axis. Weights the map leaves out are replicated.

    `get_weights()` gathers whole arrays (every process calls it); `set_weights()` and loading keep each
    process's slice of the whole values; saving gathers the weights on every process (call `model.save` on
    each) and rank 0 writes the usual Keras files, identical to a one-device run's. A model built before the
    distribution is sharded at its next `fit` / `evaluate` / `predict`, from rank 0's values. A layout map that
    shards nothing trains with DistributedDataParallel.

    Sharded weights need an optimizer with an elementwise update (SGD, Adam, AdamW, RMSprop, ..., also inside a
    LossScaleOptimizer; `clipnorm` / `global_clipnorm` measure whole gradients), and no regularizer or
    constraint on a sharded weight; a bad layout (an
    unknown axis, a dimension the axis does not divide) is a ValueError naming the weight when it is created.

    Args:
        layout_map: `LayoutMap` from weight paths (regexes) to layouts.
        batch_dim_name: The mesh axis the batch is split along. Defaults to the first axis.
        auto_shard_dataset: See `Distribution`. Defaults to True.

    Example (run with `torchrun --nproc_per_node 4 train.py`):

    >>> mesh = keras.distribution.DeviceMesh((2, 2), ["batch", "model"])
    >>> layout_map = keras.distribution.LayoutMap(mesh)
    >>> layout_map["dense.*kernel"] = (None, "model")
    >>> keras.distribution.set_distribution(keras.distribution.ModelParallel(layout_map=layout_map))
    """

    def __init__(self, *, layout_map=None, batch_dim_name=None, auto_shard_dataset=True, **kwargs):
        kwargs.pop("device_mesh", None)  # Keras's older argument: the mesh is the layout map's
        if kwargs:
            raise ValueError(f"Unrecognized arguments for ModelParallel. Received: {sorted(kwargs)}")
        if layout_map is None:
            raise ValueError("You must specify a layout_map argument. Received: layout_map=None")
        if not isinstance(layout_map, LayoutMap):
            raise ValueError(f"Argument `layout_map` must be a `LayoutMap` instance. Received: "
                             f"layout_map={layout_map}")
        mesh = layout_map.device_mesh
        batch_dim_name = batch_dim_name or mesh.axis_names[0]
        if batch_dim_name not in mesh.axis_names:
            raise ValueError(f"`batch_dim_name` must be an axis of the mesh {mesh.axis_names}. "
                             f"Received: batch_dim_name={batch_dim_name!r}")
        super().__init__(mesh, batch_dim_name, auto_shard_dataset)
        self._layout_map = layout_map
        # This replica's share of the current global batch: its gradient's weight in the sum over replicas.
        self._replica_share = 1.0 / self.num_model_replicas
        # True while a `fit` of a model with nothing sharded runs under DistributedDataParallel, which sums the
        # gradients of replicated weights itself.
        self._data_parallel_fit = False
        if self._is_multi_process:
            # Every process creates the mesh's groups here, together, and starts from rank 0's random state, so
            # that weights created without a seed get the same whole values on every process.
            mesh.backend_mesh
            _save_group(self)
            _share_random_state()

    @property
    def num_model_replicas(self):
        return self.device_mesh.shape[self.device_mesh.axis_names.index(self.batch_dim_name)]

    def _data_shard_of(self, rank):
        """The replica of `rank`: its device's position along the batch axis of the mesh."""
        ranks = np.vectorize(_device_rank)(self.device_mesh.devices)
        position = np.argwhere(ranks == rank)
        if not len(position):
            raise ValueError(f"Process {rank} has no device in the mesh. Expected: a mesh over every process's "
                             f"device. Received: devices={self.device_mesh.devices.tolist()}")
        return int(position[0][self.device_mesh.axis_names.index(self.batch_dim_name)])

    def get_variable_layout(self, variable):
        if getattr(variable, "_layout", None) is not None:
            return variable._layout
        layout = self._layout_map[variable.path]
        if layout is not None:
            return layout
        return TensorLayout([None] * len(variable.shape), self.device_mesh)

    def get_tensor_layout(self, path):
        return self._layout_map[path]


class LayoutMap(collections.abc.MutableMapping):
    """Maps weight paths to `TensorLayout`s; keys are regexes matched against the whole path.

    An exact key wins; otherwise the one key whose regex fully matches the path is used (two matches are an
    error), and None means "replicate". Tuples are accepted as values and become layouts on the map's mesh.

    Args:
        device_mesh: The `DeviceMesh` the layouts refer to.

    Example:

    >>> layout_map = LayoutMap(mesh)
    >>> layout_map[".*dense.*kernel"] = (None, "model")
    >>> layout_map["sequential/dense/kernel"].axes
    (None, 'model')
    """

    def __init__(self, device_mesh):
        self._layout_map = collections.OrderedDict()
        self._device_mesh = device_mesh

    def __getitem__(self, key):
        if key in self._layout_map:
            return self._layout_map[key]
        matches = [pattern for pattern in self._layout_map if re.fullmatch(pattern, key)]
        if len(matches) > 1:
            raise ValueError(f"Path '{key}' matches multiple layout specification keys: {matches}. Please make "
                             "sure each tensor/variable path only matches at most one layout specification key "
                             f"in the LayoutMap. Received: key={key!r}")
        return self._layout_map[matches[0]] if matches else None

    def __setitem__(self, key, layout):
        if key in self._layout_map:
            raise ValueError(f"{key} already exist in the LayoutMap with value {self._layout_map[key]}. Please "
                             f"make sure to not use duplicated keys. Received: key={key!r}")
        if isinstance(layout, tuple):
            layout = TensorLayout(axes=layout)
        if not isinstance(layout, TensorLayout):
            raise ValueError(f"{layout} should be a TensorLayout type. Received: layout of type {type(layout)}")
        if layout.device_mesh is None and self._device_mesh is not None:
            unknown = [name for name in layout.axes if name is not None and name not in self._device_mesh.axis_names]
            if unknown:
                raise ValueError(
                    f"Invalid axis names for Layout: the layout for weights matching '{key}' names mesh axes "
                    f"{unknown} that the mesh does not have. Expected: axis names from "
                    f"{self._device_mesh.axis_names} or None. Received: axes={layout.axes}"
                )
            layout.device_mesh = self._device_mesh
        self._layout_map[key] = layout

    def __delitem__(self, key):
        return self._layout_map.pop(key)

    def __len__(self):
        return len(self._layout_map)

    def __iter__(self):
        return iter(self._layout_map)

    @property
    def device_mesh(self):
        return self._device_mesh


def distribute_tensor(tensor, layout):
    """`tensor` as a DTensor laid out by `layout`, or unchanged in a single process.

    Args:
        tensor: A torch tensor (the same full value on every process).
        layout: A `TensorLayout` (with a mesh) or None.
    """
    from kerastorch.backend.keras_tensor import KerasTensor

    if isinstance(tensor, KerasTensor) or layout is None or not _process_group_ready():
        return tensor
    if not isinstance(layout, TensorLayout) or layout.device_mesh is None:
        raise ValueError(f"`layout` must be a TensorLayout with a device mesh. Received: layout={layout}")
    from torch.distributed.tensor import distribute_tensor as torch_distribute_tensor

    mesh = layout.device_mesh
    return torch_distribute_tensor(tensor, mesh.backend_mesh, _placements(layout, mesh))


def _placements(layout, mesh):
    """Torch placements (one per mesh axis) for a Keras layout: `Shard(dim)` where the layout names the axis."""
    from torch.distributed.tensor import Replicate
    from torch.distributed.tensor import Shard

    placements = []
    for axis_name in mesh.axis_names:
        dims = [dim for dim, name in enumerate(layout.axes) if name == axis_name]
        placements.append(Shard(dims[0]) if dims else Replicate())
    return placements


def _save_group(distribution):
    """A gloo group of every process for the barrier before a gather of sharded weights outside the training step
    (its own group, so that it never pairs with a training collective), made once per distribution."""
    group = distribution.__dict__.get("_save_group_handle")
    if group is None:
        group = dist.new_group(backend="gloo", timeout=_collective_timeout())
        distribution.__dict__["_save_group_handle"] = group
    return group


def _share_random_state():
    """Rank 0's Python random state and kerastorch's global seed generator on every process (one broadcast)."""
    import random

    from kerastorch.backend import random as backend_random

    generator = backend_random._global["generator"]
    box = [(random.getstate(), None if generator is None else list(generator.state))]
    dist.broadcast_object_list(box, src=0)
    python_state, generator_state = box[0]
    if generator_state is None:
        backend_random.reset_global_seed_generator()
    else:
        backend_random.global_seed_generator().state = generator_state
    random.setstate(python_state)


def _on_weight_created(layer, variable):
    """`add_weight`'s hook: under a multi-process `ModelParallel`, a weight the `LayoutMap` splits keeps only this
    process's piece from its creation (see `_sharded_weights.py`)."""
    current = _state["distribution"]
    if not isinstance(current, ModelParallel) or not current._is_multi_process:
        return
    from kerastorch.distribution import _sharded_weights

    _sharded_weights.on_weight_created(current, layer, variable)


def _whole_values(variables):
    """`get_weights()` of weights some of which are sharded: gathered whole (every process calls it)."""
    from kerastorch.distribution import _sharded_weights

    return _sharded_weights.get_weights(variables)


def _set_whole_values(layer, variables, values):
    """`set_weights()` of weights some of which are sharded: each keeps this process's slice."""
    from kerastorch.distribution import _sharded_weights

    return _sharded_weights.set_weights(layer, variables, values)


def distribution():
    """The current distribution (set by `set_distribution` or a `scope()`), or None."""
    return _state["distribution"]


def set_distribution(value):
    """Sets the global distribution; None goes back to single-device training.

    Args:
        value: A `Distribution` instance or None.
    """
    if value is not None and not isinstance(value, Distribution):
        raise ValueError(f"Expected a `keras.distribution.Distribution` or None. Received: value={value!r}")
    _state["distribution"] = value
