"""`Flatten`: folds every axis but the batch axis into one."""

import math

import torch

from kerastorch.backend.config import standardize_data_format
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer


class Flatten(Layer):
    """Flattens each sample: `(batch, d1, ..., dn)` becomes `(batch, d1 * ... * dn)`.

    A `(batch,)` input becomes `(batch, 1)`. With `data_format="channels_first"` the channel axis is moved
    last before flattening, so the features come out in the order a channels-last model would see them
    (which keeps weights of a following `Dense` portable between the two layouts).

    Args:
        data_format: `"channels_last"` or `"channels_first"`; None means `keras.config.image_data_format()`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Input shape:
        `(batch_size, ...)`, rank at least 1.

    Output shape:
        `(batch_size, product of the other sizes)`.
    """

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(min_ndim=1)
        self._channels_first = self.data_format == "channels_first"

    def call(self, inputs):
        if inputs.ndim == 1:
            return inputs.unsqueeze(-1)
        if self._channels_first:
            inputs = inputs.movedim(1, -1)
        return torch.flatten(inputs, start_dim=1)

    def compute_output_shape(self, input_shape):
        sizes = tuple(input_shape[1:])
        if not sizes:
            return (input_shape[0], 1)
        return (input_shape[0], None if None in sizes else math.prod(sizes))

    def compute_output_spec(self, inputs):
        return KerasTensor(self.compute_output_shape(inputs.shape), dtype=inputs.dtype)

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}
