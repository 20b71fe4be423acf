"""`KerasTensor`: the symbolic tensor of the Functional API. It holds a shape (None for unknown sizes), a
dtype and the history of the layer call that produced it; it never holds data."""

from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.utils import tree


class KerasHistory(tuple):
    """`(operation, node_index, tensor_index)`: which call of which layer produced a KerasTensor."""

    __slots__ = ()

    def __new__(cls, operation, node_index, tensor_index):
        return super().__new__(cls, (operation, node_index, tensor_index))

    operation = property(lambda self: self[0])
    node_index = property(lambda self: self[1])
    tensor_index = property(lambda self: self[2])


class KerasTensor:
    """A symbolic tensor: what `keras.Input` returns and what layers return when called on one.

    Args:
        shape: A tuple of ints or None (None marks a size known only when data arrives, e.g. the batch).
        dtype: A dtype name.
        sparse: Kept for Keras compatibility; kerastorch tensors are dense.
        name: Optional name.
    """

    def __init__(self, shape, dtype="float32", sparse=False, ragged=False, name=None, record_history=True):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = standardize_dtype(dtype)
        self.sparse = bool(sparse)
        self.ragged = bool(ragged)
        self.name = name or "keras_tensor"
        self._keras_history = None
        self._keras_mask = None

    @property
    def ndim(self):
        return len(self.shape)

    def __repr__(self):
        return (f"<KerasTensor shape={self.shape}, dtype={self.dtype}, sparse={self.sparse}, "
                f"ragged={self.ragged}, name={self.name}>")

    def __len__(self):
        raise TypeError("A symbolic KerasTensor has no length; use `.shape` (its sizes may be None).")

    def __bool__(self):
        raise TypeError(
            "A symbolic KerasTensor cannot be used as a Python bool (e.g. in `if x:`): its value is only known "
            "when the model runs. Move the condition inside a layer's `call`."
        )

    def __iter__(self):
        raise TypeError("A symbolic KerasTensor cannot be iterated; its values are only known when the model runs.")

    def __array__(self, *args, **kwargs):
        raise TypeError(
            "A symbolic KerasTensor cannot be converted to a NumPy array: it holds no data. It is the input or "
            "output of a Functional model under construction; call the model on real data instead."
        )


def is_keras_tensor(x):
    return isinstance(x, KerasTensor)


def any_symbolic_tensors(args=(), kwargs=None):
    """True when any leaf of `args` / `kwargs` is a KerasTensor (fast for the common single-tensor call)."""
    for arg in args:
        if isinstance(arg, KerasTensor):
            return True
        if isinstance(arg, (list, tuple, dict)) and any(isinstance(x, KerasTensor) for x in tree.flatten(arg)):
            return True
    if kwargs:
        return any(isinstance(x, KerasTensor) for x in tree.flatten(kwargs))
    return False
