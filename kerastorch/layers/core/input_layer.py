"""`InputLayer` and `Input`: the entry points of a Functional model."""

from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.layer import Layer
from kerastorch.layers.node import Node


def _standardize_shape(shape, argument):
    if shape is None:
        return None
    if isinstance(shape, int):
        shape = (shape,)
    try:
        shape = tuple(shape)
    except TypeError:
        raise ValueError(f"Cannot convert '{shape}' to a shape. Received: {argument}={shape!r}") from None
    for size in shape:
        if size is not None and (not isinstance(size, int) or size < 0):
            raise ValueError(
                f"Cannot convert '{shape}' to a shape: every size must be a non-negative int or None. "
                f"Received: {argument}={shape!r}"
            )
    return shape


class InputLayer(Layer):
    """The layer behind `keras.Input`: it holds the model's symbolic input tensor and computes nothing.

    Args:
        shape: The shape of one sample (without the batch size).
        batch_size: Optional fixed batch size.
        dtype: The input dtype; default floatx.
        batch_shape: The full shape, batch size included (instead of `shape` and `batch_size`).
        input_tensor: An existing KerasTensor to wrap.
        optional: Whether the model accepts None for this input.
        name: The layer's (and its tensor's) name.
    """

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None, ragged=None, batch_shape=None,
                 input_tensor=None, optional=False, name=None, **kwargs):
        if "input_shape" in kwargs:
            shape = kwargs.pop("input_shape")
        if "batch_input_shape" in kwargs:
            batch_shape = kwargs.pop("batch_input_shape")
        super().__init__(name=name, **kwargs)
        if sparse or ragged:
            raise ValueError(
                f"kerastorch inputs are dense torch tensors; sparse and ragged inputs are not supported. "
                f"Received: sparse={sparse}, ragged={ragged}"
            )
        if input_tensor is not None:
            if not isinstance(input_tensor, KerasTensor):
                raise ValueError(
                    f"Argument `input_tensor` must be a KerasTensor. Received: input_tensor={input_tensor!r} "
                    f"(of type {type(input_tensor)})"
                )
            batch_shape, dtype = input_tensor.shape, input_tensor.dtype
        else:
            if shape is not None and batch_shape is not None:
                raise ValueError("You cannot pass both `shape` and `batch_shape` at the same time.")
            if batch_size is not None and batch_shape is not None:
                raise ValueError("You cannot pass both `batch_size` and `batch_shape` at the same time.")
            if shape is None and batch_shape is None:
                raise ValueError("You must pass a `shape` argument.")
            if shape is not None:
                batch_shape = (batch_size,) + _standardize_shape(shape, "shape")
            batch_shape = _standardize_shape(batch_shape, "batch_shape")
            input_tensor = KerasTensor(batch_shape, dtype=standardize_dtype(dtype), name=self.name)
        self._batch_shape = tuple(batch_shape)
        self._input_dtype = standardize_dtype(dtype)
        self.sparse = False
        self.ragged = False
        self.optional = bool(optional)
        self._input_tensor = input_tensor
        Node(self, (), {}, input_tensor)
        self.built = True

    def call(self):
        return None

    @property
    def batch_shape(self):
        return self._batch_shape

    @property
    def dtype(self):
        return self._input_dtype

    def get_config(self):
        return {
            "batch_shape": self._batch_shape,
            "dtype": self._input_dtype,
            "sparse": self.sparse,
            "ragged": self.ragged,
            "name": self.name,
            "optional": self.optional,
        }


def Input(shape=None, batch_size=None, dtype=None, sparse=None, ragged=None, batch_shape=None, name=None,
          tensor=None, optional=False):
    """Returns a symbolic tensor to build a Functional model from: `x = keras.Input(shape=(784,))`.

    Args:
        shape: The shape of one sample, e.g. `(32,)`; None entries are sizes known only at run time.
        batch_size: Optional fixed batch size.
        dtype: The dtype of the data; default floatx.
        batch_shape: The full shape including the batch size, instead of `shape`.
        name: Optional name (unique within a model).
        tensor: An existing KerasTensor to wrap.
        optional: Whether None may be fed for this input.
    """
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, sparse=sparse, ragged=ragged,
                       batch_shape=batch_shape, name=name, input_tensor=tensor, optional=optional)
    return layer.output
