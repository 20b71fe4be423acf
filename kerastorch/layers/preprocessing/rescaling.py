"""`Rescaling`: `output = inputs * scale + offset`."""

import numpy as np
import torch

from kerastorch.backend import config as backend_config
from kerastorch.backend import device as device_lib
from kerastorch.layers.layer import Layer
from kerastorch.saving import serialization_lib


class Rescaling(Layer):
    """Multiplies inputs by `scale` and adds `offset`, e.g. `Rescaling(1 / 255)` maps `[0, 255]` to `[0, 1]`
    and `Rescaling(1 / 127.5, offset=-1)` maps it to `[-1, 1]`.

    Args:
        scale: A float, or an array broadcastable against the input (e.g. one value per channel; with
            `keras.config.image_data_format() == "channels_first"` a vector is laid along the channel axis).
        offset: A float or a broadcastable array. Default 0.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Input shape:
        Any. Integer inputs are cast to the compute dtype.

    Output shape:
        The input shape.
    """

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale = scale
        self.offset = offset
        self.supports_masking = True
        scale_array = np.asarray(scale, dtype="float32")
        if scale_array.ndim > 0 and backend_config.image_data_format() == "channels_first":
            scale_array = scale_array.reshape(scale_array.shape + (1,) * (3 - scale_array.ndim))
        # Buffers, so that `.to(device)` moves them and a call never copies from the host.
        self.register_buffer("_scale", torch.as_tensor(scale_array, device=device_lib.get_device()), persistent=False)
        self.register_buffer("_offset", torch.as_tensor(np.asarray(offset, dtype="float32"), device=device_lib.get_device()), persistent=False)
        self.built = True

    def call(self, inputs):
        dtype = self._compute_torch_dtype
        inputs = inputs.to(dtype)
        return inputs * self._scale.to(dtype) + self._offset.to(dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "scale": serialization_lib.serialize_keras_object(self.scale),
            "offset": serialization_lib.serialize_keras_object(self.offset),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        for key in ("scale", "offset"):
            config[key] = serialization_lib.deserialize_keras_object(config[key], custom_objects=custom_objects)
        return cls(**config)
