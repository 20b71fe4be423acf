"""`Variable`: a layer weight. A torch.nn.Parameter that also carries Keras's name, path and trainable flag.

Being a real Parameter, it is moved by `.to()`, found by `parameters()`, saved by `state_dict()` and used by
any torch optimizer; ops on it return plain tensors (Parameter disables subclass propagation), so it costs
nothing on the hot path.

Under a multi-process `keras.distribution.ModelParallel`, a weight the `LayoutMap` splits stores only this
process's piece (`distribution/_sharded_weights.py`; `_sharding` says how it lies on the mesh). The Keras reads
and writes then mean the whole weight, as in Keras: `global_shape` is the whole shape, `numpy()` (and
`np.asarray`, `keras.ops.convert_to_numpy`) gathers the whole value, a collective that every process must call,
as with `get_weights()`; `assign()` takes a whole value and keeps this process's slice, with no communication.
`shape` stays the piece's: it is the torch tensor's shape (`size()`, `numel()`, `.data`, every op on the
variable), and torch's Python code reads it as such (`DTensor.from_local`, `Module.load_state_dict`, fake tensors
for shape inference), as does the optimizer, which sizes each slot from its weight's `shape` so that the update
runs piece by piece. A `shape` that said the whole while the storage and the ops hold the piece would break them.
"""

import numpy as np
import torch

from kerastorch.backend.dtypes import standardize_dtype


class Variable(torch.nn.Parameter):
    """A weight with Keras metadata.

    Args:
        data: The initial value (a tensor).
        trainable: Whether the optimizer updates it (`requires_grad` follows it).
        name: The weight's own name, e.g. `"kernel"`.
        path: The full path, e.g. `"sequential/dense/kernel"`.
    """

    def __new__(cls, data, trainable=True, name=None, path=None):
        floating = data.is_floating_point() or data.is_complex()
        variable = super().__new__(cls, data, requires_grad=bool(trainable) and floating)
        variable._keras_name = name
        variable._keras_path = path or name
        variable._trainable = bool(trainable)
        return variable

    @property
    def name(self):
        return self._keras_name

    @property
    def path(self):
        return self._keras_path

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        if self.is_floating_point() or self.is_complex():
            self.requires_grad_(self._trainable)

    @property
    def value(self):
        return self

    @property
    def global_shape(self):
        """The whole weight's shape, a tuple: `shape` itself, except for a weight sharded by `ModelParallel`,
        whose storage (and `shape`) is this process's piece."""
        sharding = self._holding_piece()
        return tuple(self.shape) if sharding is None else sharding.shape

    def _holding_piece(self):
        """The `Sharding` of a weight whose storage is this process's piece; None otherwise (not sharded, or holding
        the whole value for a moment, while a save or a load runs)."""
        sharding = getattr(self, "_sharding", None)
        if sharding is None or tuple(self.shape) == sharding.shape:
            return None
        return sharding

    def assign(self, value):
        """Overwrites the value in place (shape must match), keeping the same Parameter object.

        A weight sharded by `ModelParallel` takes a value of its whole shape and keeps this process's slice of
        it (no communication: every process is given the same whole value)."""
        value = torch.as_tensor(np.asarray(value) if not isinstance(value, torch.Tensor) else value)
        sharding = self._holding_piece()
        shape = tuple(self.shape) if sharding is None else sharding.shape
        if tuple(value.shape) != shape:
            raise ValueError(
                f"Cannot assign a value of shape {tuple(value.shape)} to variable '{self.path}' of shape "
                f"{shape}. Received: value.shape={tuple(value.shape)}"
            )
        with torch.no_grad():
            self.copy_(value if sharding is None else sharding.local_part(value))
        return self

    def assign_add(self, value):
        with torch.no_grad():
            self.add_(self._local_operand(value))
        return self

    def assign_sub(self, value):
        with torch.no_grad():
            self.sub_(self._local_operand(value))
        return self

    def _local_operand(self, value):
        """`value` as a tensor on this variable's device; for a sharded weight, this process's slice of `value`
        broadcast to the whole shape (a scalar stays a scalar)."""
        value = torch.as_tensor(value, dtype=self.dtype, device=self.device)
        sharding = self._holding_piece()
        if sharding is None or value.dim() == 0:
            return value
        try:
            whole = value.expand(sharding.shape)
        except RuntimeError as error:
            raise ValueError(
                f"Cannot add a value of shape {tuple(value.shape)} to variable '{self.path}' of shape "
                f"{sharding.shape}. Expected: a value that broadcasts to {sharding.shape}. "
                f"Received: value.shape={tuple(value.shape)}"
            ) from error
        return sharding.local_part(whole)

    def numpy(self):
        """The value as a NumPy array of its own (a copy, as in Keras: it does not change with the variable). A
        weight sharded by `ModelParallel` is gathered whole from every process: a collective, so every process
        calls it (as with `get_weights()`)."""
        if self._holding_piece() is not None:
            return self._whole_value().numpy()  # a fresh host tensor already
        return self.detach().to("cpu", copy=True).numpy()

    def _whole_value(self):
        """The value, detached; a sharded weight's gathered from every process (a collective) into host memory."""
        if self._holding_piece() is not None:
            from kerastorch.distribution import _sharded_weights

            return _sharded_weights.whole_value(self)
        return self.detach()

    def __array__(self, dtype=None, copy=None):
        array = self.numpy()
        return array if dtype is None else array.astype(dtype)

    @property
    def keras_dtype(self):
        return standardize_dtype(self.dtype)

    def _metadata(self):
        return {"name": self._keras_name, "path": self._keras_path, "trainable": self._trainable}

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        result = Variable(self.data.clone(memory_format=torch.preserve_format), **self._metadata())
        memo[id(self)] = result
        return result

    def __reduce_ex__(self, protocol):
        return (_rebuild_variable, (self.data, self._metadata()))

    def __repr__(self):
        piece = "" if self._holding_piece() is None else f", this process's piece={tuple(self.shape)}"
        return (f"<Variable path={self.path}, shape={self.global_shape}{piece}, "
                f"dtype={standardize_dtype(self.dtype)}>")


def _rebuild_variable(data, metadata):
    return Variable(data, **metadata)
