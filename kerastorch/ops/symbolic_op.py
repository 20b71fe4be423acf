"""keras.ops on symbolic tensors: an op called on a KerasTensor records a graph node instead of computing.

Keras makes every op an `Operation`; here each symbolic call becomes a small `Layer` (`OpLayer`) that holds the
op function and the call's non-symbolic arguments, and whose `call` takes only the KerasTensors. The Functional
model then replays it like any other layer, and shape inference runs the op itself on fake tensors.
"""

import functools

from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.backend.keras_tensor import any_symbolic_tensors
from kerastorch.utils import tree


def _layer_class():
    from kerastorch.layers.layer import Layer

    class OpLayer(Layer):
        """One symbolic call of a keras.ops function, replayable on real tensors."""

        def __init__(self, fn, args, kwargs, name=None):
            # autocast=False: an op keeps its inputs' dtypes (float64 stays float64), as in Keras.
            super().__init__(name=name or fn.__name__, autocast=False)
            self._fn = fn
            # Structure of the call with placeholders where KerasTensors go; concrete leaves are kept as-is.
            self._template = (args, kwargs)
            self.built = True

        def call(self, *tensors):
            flat = tree.flatten(self._template)
            values = iter(tensors)
            filled = [next(values) if isinstance(x, KerasTensor) else x for x in flat]
            args, kwargs = tree.pack_sequence_as(self._template, filled)
            return self._fn(*args, **kwargs)

        def get_config(self):
            return {"name": self.name, "function": self._fn.__name__}

    return OpLayer


_cache = {}


def symbolic_call(fn, args, kwargs):
    """Records `fn(*args, **kwargs)` (args containing KerasTensors) as a graph node; returns KerasTensors."""
    if "OpLayer" not in _cache:
        _cache["OpLayer"] = _layer_class()
    from kerastorch.utils import naming

    layer = _cache["OpLayer"](fn, args, kwargs, name=naming.uniquify(fn.__name__))
    tensors = [x for x in tree.flatten((args, kwargs)) if isinstance(x, KerasTensor)]
    return layer(*tensors)


def op(fn):
    """Makes `fn` a keras.ops function: computed on tensors, recorded as a graph node on KerasTensors."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if any_symbolic_tensors(args, kwargs):
            return symbolic_call(fn, args, kwargs)
        return fn(*args, **kwargs)

    wrapper._raw = fn
    return wrapper


def compute_output_spec(fn, *args, **kwargs):
    """KerasTensors describing what `fn` returns for symbolic arguments, without recording a node."""
    from kerastorch.backend import symbolic

    return symbolic.compute_output_spec(fn, *args, **kwargs)
