"""Python operators on KerasTensor (`a + b`, `x[0]`, `x @ w`, `x > 0`, ...) as keras.ops graph nodes.

`backend/keras_tensor.py` stays free of ops; importing `kerastorch.ops` installs these methods.
"""

from kerastorch.ops import _arrays
from kerastorch.ops import _elementwise as ew
from kerastorch.ops import _reductions


def _binary(fn, reflected=False):
    if reflected:
        return lambda self, other: fn(other, self)
    return lambda self, other: fn(self, other)


_METHODS = {
    "__add__": _binary(ew.add), "__radd__": _binary(ew.add, True),
    "__sub__": _binary(ew.subtract), "__rsub__": _binary(ew.subtract, True),
    "__mul__": _binary(ew.multiply), "__rmul__": _binary(ew.multiply, True),
    "__truediv__": _binary(ew.true_divide), "__rtruediv__": _binary(ew.true_divide, True),
    "__floordiv__": _binary(ew.floor_divide), "__rfloordiv__": _binary(ew.floor_divide, True),
    "__mod__": _binary(ew.mod), "__rmod__": _binary(ew.mod, True),
    "__pow__": _binary(ew.power), "__rpow__": _binary(ew.power, True),
    "__matmul__": _binary(_reductions.matmul), "__rmatmul__": _binary(_reductions.matmul, True),
    "__and__": _binary(ew.logical_and), "__rand__": _binary(ew.logical_and, True),
    "__or__": _binary(ew.logical_or), "__ror__": _binary(ew.logical_or, True),
    "__xor__": _binary(ew.logical_xor), "__rxor__": _binary(ew.logical_xor, True),
    "__lt__": _binary(ew.less), "__le__": _binary(ew.less_equal),
    "__gt__": _binary(ew.greater), "__ge__": _binary(ew.greater_equal),
    "__ne__": _binary(ew.not_equal),
    "__neg__": lambda self: ew.negative(self),
    "__pos__": lambda self: self,
    "__abs__": lambda self: ew.absolute(self),
    "__invert__": lambda self: ew.logical_not(self),
    "__round__": lambda self, ndigits=None: ew.round(self, ndigits or 0),
    "__getitem__": lambda self, key: _arrays.get_item(self, key),
}


def install(cls):
    """Adds the operators to `cls` (KerasTensor). `==` stays identity, as in Keras, so tensors can be dict keys."""
    for name, method in _METHODS.items():
        method.__name__ = name
        setattr(cls, name, method)
