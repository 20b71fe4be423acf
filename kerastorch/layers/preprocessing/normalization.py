"""`Normalization`: shifts and scales features to zero mean and unit variance, with statistics from `adapt`."""

import itertools

import numpy as np
import torch

from kerastorch.backend import config as backend_config
from kerastorch.backend import device as device_lib
from kerastorch.layers.layer import Layer


def _first_of(batch):
    """The inputs of a batch that may be an `(x, y)` or `(x, y, sample_weight)` tuple."""
    return batch[0] if isinstance(batch, tuple) else batch


class Normalization(Layer):
    """Normalizes features: `(inputs - mean) / sqrt(variance)` (with `sqrt(variance)` floored at
    `keras.config.epsilon()`), or the inverse with `invert=True`.

    The statistics are either given (`mean`, `variance`) or computed by `adapt(data)` before training; they
    are kept per position along `axis` and broadcast over the other axes.

    Args:
        axis: The axis or axes that keep separate statistics (default -1, the features). None computes a
            single mean and variance over everything.
        mean: Optional mean, a scalar or an array broadcastable to the kept axes (right-aligned).
        variance: Optional variance, with the same shape as `mean`.
        invert: If True, map normalized values back: `mean + inputs * sqrt(variance)`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Weights:
        Without `mean`/`variance`: non-trainable `mean` and `variance` (shaped like the kept axes) and a
        scalar int32 `count` (unused, kept because Keras keeps it), set by `adapt`.

    Input shape:
        Any rank covering `axis`; the kept axes must be known.

    Output shape:
        The input shape.
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        if axis is None:
            axis = ()
        elif isinstance(axis, int):
            axis = (axis,)
        else:
            axis = tuple(axis)
        self.axis = axis
        self.input_mean = mean
        self.input_variance = variance
        self.invert = invert
        self.supports_masking = True
        self._build_input_shape = None
        if (mean is not None) != (variance is not None):
            raise ValueError(
                f"Normalization layer '{self.name}': when setting values directly, both `mean` and `variance` "
                f"must be set. Received: mean={mean} and variance={variance}"
            )
        if mean is not None:
            if np.shape(mean) != np.shape(variance):
                raise ValueError(
                    f"Normalization layer '{self.name}': `mean` and `variance` must have the same shape. "
                    f"Received: mean shape {np.shape(mean)} and variance shape {np.shape(variance)}"
                )
            if len(np.shape(mean)) > len(self.axis):
                raise ValueError(
                    f"Normalization layer '{self.name}': the rank of `mean` must be at most the number of axes "
                    f"({len(self.axis)}). Received: mean shape {np.shape(mean)} for axis={self.axis}"
                )

    @property
    def mean(self):
        """The mean in use, broadcast to the input's rank (as Keras exposes it after `adapt`), or the given one."""
        if self.input_mean is None:
            return self.adapt_mean.detach().reshape(self._broadcast_shape) if self.built else None
        return self._mean if self.built else self.input_mean

    @property
    def variance(self):
        if self.input_mean is None:
            return self.adapt_variance.detach().reshape(self._broadcast_shape) if self.built else None
        return self._variance if self.built else self.input_variance

    def build(self, input_shape):
        if input_shape is None:
            return
        input_shape = tuple(input_shape)
        ndim = len(input_shape)
        if any(a < -ndim or a >= ndim for a in self.axis):
            raise ValueError(
                f"Normalization layer '{self.name}': all `axis` values must be in the range [-ndim, ndim). "
                f"Received: inputs with ndim={ndim}, axis={self.axis}"
            )
        self._build_input_shape = input_shape
        self._keep_axis = tuple(sorted(a % ndim for a in self.axis))
        for d in self._keep_axis:
            if input_shape[d] is None:
                raise ValueError(
                    f"Normalization layer '{self.name}': the kept axes must have a known size. Received: "
                    f"axis={self.axis}, input_shape={input_shape} (axis {d} is unknown)"
                )
        self._reduce_axis = tuple(d for d in range(ndim) if d not in self._keep_axis)
        self._broadcast_shape = tuple(input_shape[d] if d in self._keep_axis else 1 for d in range(ndim))
        self._mean_and_var_shape = tuple(input_shape[d] for d in self._keep_axis)
        if self.input_mean is None:
            self.adapt_mean = self.add_weight(name="mean", shape=self._mean_and_var_shape, initializer="zeros",
                                              trainable=False)
            self.adapt_variance = self.add_weight(name="variance", shape=self._mean_and_var_shape,
                                                  initializer="ones", trainable=False)
            self.count = self.add_weight(name="count", shape=(), dtype="int32", initializer="zeros",
                                         trainable=False)
        else:
            self.register_buffer("_mean", self._broadcast_given(self.input_mean), persistent=False)
            self.register_buffer("_variance", self._broadcast_given(self.input_variance), persistent=False)
        self.built = True

    def _broadcast_given(self, value):
        """A given mean or variance, right-aligned to the kept axes and broadcast to the broadcast shape."""
        value = np.asarray(value, dtype="float32")
        expanded = [1] * len(self._broadcast_shape)
        for i in range(1, value.ndim + 1):
            expanded[self._keep_axis[-i]] = value.shape[-i]
        value = np.broadcast_to(value.reshape(expanded), self._broadcast_shape)
        return torch.tensor(value, dtype=self._compute_torch_dtype, device=device_lib.get_device())

    def _statistics(self):
        if self.input_mean is None:
            return self.adapt_mean.reshape(self._broadcast_shape), self.adapt_variance.reshape(self._broadcast_shape)
        return self._mean, self._variance

    def adapt(self, data):
        """Computes the mean and variance of `data` along the kept axes and stores them in the weights.

        Args:
            data: A NumPy array, a torch tensor, or an iterable of batches (arrays or tensors, or `(x, y)`
                tuples whose first entry is used). Batches are combined exactly (pooled mean and variance).
        """
        if self.input_mean is not None:
            raise ValueError(
                f"Normalization layer '{self.name}' was given `mean` and `variance`; it cannot be adapted. "
                f"Received: mean={self.input_mean}"
            )
        iterable = False
        if isinstance(data, (np.ndarray, torch.Tensor)):
            input_shape = tuple(data.shape)
        elif hasattr(data, "__iter__"):
            iterable = True
            batches = iter(data)
            first = next(batches, None)
            if first is None:
                raise ValueError(
                    f"Normalization layer '{self.name}': adapt() received an empty iterable. Pass arrays, tensors "
                    f"or a non-empty iterable of batches. Received: data={data!r}"
                )
            first = _first_of(first)
            if not hasattr(first, "shape"):
                raise TypeError(
                    f"Normalization layer '{self.name}': adapt() expects batches with a `.shape` (arrays or "
                    f"tensors). Received: a batch of type {type(first).__name__}"
                )
            input_shape = tuple(first.shape)
            data = itertools.chain([first], batches)
        else:
            raise TypeError(
                f"Normalization layer '{self.name}': adapt() supports NumPy arrays, torch tensors and iterables "
                f"of batches. Received: data of type {type(data).__name__}"
            )
        if not self.built:
            self.build(input_shape)
        self._check_adapt_shape(input_shape)
        if isinstance(data, np.ndarray):
            mean = np.mean(data, axis=self._reduce_axis)
            variance = np.var(data, axis=self._reduce_axis)
        elif isinstance(data, torch.Tensor):
            data = data.to(self._compute_torch_dtype)
            mean = data.mean(dim=self._reduce_axis)
            variance = data.var(dim=self._reduce_axis, correction=0)
        else:
            mean, variance = self._pooled_statistics(data)
        with torch.no_grad():
            self.adapt_mean.copy_(torch.as_tensor(mean, dtype=self.adapt_mean.dtype))
            self.adapt_variance.copy_(torch.as_tensor(variance, dtype=self.adapt_variance.dtype))

    def _check_adapt_shape(self, input_shape):
        for d in self._keep_axis:
            if d >= len(input_shape) or input_shape[d] != self._build_input_shape[d]:
                raise ValueError(
                    f"Normalization layer '{self.name}' was built with input_shape={self._build_input_shape}, "
                    f"but adapt() received data with an incompatible shape. Received: data.shape={input_shape}"
                )

    def _pooled_statistics(self, batches):
        """Mean and variance over all batches, merged one batch at a time (sum of squares about the mean)."""
        total_mean = torch.zeros(self._mean_and_var_shape)
        total_var = torch.zeros(self._mean_and_var_shape)
        total_count = 0
        for batch in batches:
            batch = torch.as_tensor(np.asarray(_first_of(batch)) if not isinstance(_first_of(batch), torch.Tensor)
                                    else _first_of(batch)).to(self._compute_torch_dtype).cpu()
            self._check_adapt_shape(tuple(batch.shape))
            batch_mean = batch.mean(dim=self._reduce_axis)
            batch_var = batch.var(dim=self._reduce_axis, correction=0)
            batch_count = int(np.prod([batch.shape[d] for d in self._reduce_axis])) if self._reduce_axis else 1
            total_count += batch_count
            batch_weight = float(batch_count) / total_count
            existing_weight = 1.0 - batch_weight
            new_mean = total_mean * existing_weight + batch_mean * batch_weight
            total_var = (total_var + (total_mean - new_mean) ** 2) * existing_weight + (
                batch_var + (batch_mean - new_mean) ** 2
            ) * batch_weight
            total_mean = new_mean
        return total_mean, total_var

    def call(self, inputs):
        if not self.built or self._build_input_shape is None:
            raise ValueError(f"Normalization layer '{self.name}': call `build(input_shape)` or `adapt(data)` "
                             f"before using the layer. Received: built={self.built}")
        inputs = inputs.to(self._compute_torch_dtype)
        mean, variance = self._statistics()
        mean, variance = mean.to(inputs.dtype), variance.to(inputs.dtype)
        std = torch.clamp(torch.sqrt(variance), min=backend_config.epsilon())
        if self.invert:
            return mean + inputs * std
        return (inputs - mean) / std

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "invert": self.invert,
            "mean": np.array(self.input_mean).tolist(),
            "variance": np.array(self.input_variance).tolist(),
        }

    def get_build_config(self):
        if self._build_input_shape:
            return {"input_shape": self._build_input_shape}
        return None

    def build_from_config(self, config):
        if config:
            self.build(config["input_shape"])
