"""`AveragePooling1D`: the mean over each window of 1 spatial axes."""

from kerastorch.layers.pooling.base_pooling import BasePooling


class AveragePooling1D(BasePooling):
    """Average pooling for 1D spatial data: downsamples by taking the mean of each `pool_size` window.

    With `padding="same"`, padding that splits evenly is left out of each window's count; an uneven split
    repeats the edge values, which are then counted (Keras's numbers on torch).

    Args:
        pool_size: Int or tuple of 1 int(s), the window size.
        strides: Int or tuple of 1 int(s), the stride of the window; None means `pool_size`.
        padding: `"valid"` or `"same"` (output size `ceil(input / strides)`).
        data_format: `"channels_last"` or `"channels_first"`; None means `keras.config.image_data_format()`.

    Input shape:
        `(batch_size, steps, channels)` (channels_last), channels second for channels_first.

    Output shape:
        `(batch_size, pooled_steps, channels)` (channels_last).
    """

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, name=None, **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=1, pool_mode="average", padding=padding,
                         data_format=data_format, name=name, **kwargs)
