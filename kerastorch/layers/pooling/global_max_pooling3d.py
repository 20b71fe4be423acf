"""`GlobalMaxPooling3D`: the maximum over all 3 spatial axes."""

import torch

from kerastorch.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalMaxPooling3D(BaseGlobalPooling):
    """Global max pooling for 3D data: the maximum of each channel over the spatial axes.

    Args:
        data_format: `"channels_last"` or `"channels_first"`; None means `keras.config.image_data_format()`.
        keepdims: Whether to keep the spatial axes (with size 1).

    Input shape:
        `(batch_size, dim1, dim2, dim3, channels)` (channels_last), channels second for channels_first.

    Output shape:
        `(batch_size, channels)`, or `(batch_size, 1, 1, 1, channels)` with `keepdims=True` (channels_last).
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=3, data_format=data_format, keepdims=keepdims, **kwargs)

    def call(self, inputs):
        return torch.amax(inputs, dim=self._spatial_axes, keepdim=self.keepdims)
