"""`MaxPooling1D`: the maximum over each window of 1 spatial axes."""

from kerastorch.layers.pooling.base_pooling import BasePooling


class MaxPooling1D(BasePooling):
    """Max pooling for 1D spatial data: downsamples by taking the maximum of each `pool_size` window.

    Args:
        pool_size: Int or tuple of 1 int(s), the window size.
        strides: Int or tuple of 1 int(s), the stride of the window; None means `pool_size`.
        padding: `"valid"` or `"same"` (output size `ceil(input / strides)`).
        data_format: `"channels_last"` or `"channels_first"`; None means `keras.config.image_data_format()`.

    Input shape:
        `(batch_size, steps, channels)` (channels_last), channels second for channels_first.

    Output shape:
        `(batch_size, pooled_steps, channels)` (channels_last).

    Example:

    >>> x = np.arange(5, dtype="float32").reshape(1, 5, 1)
    >>> keras.layers.MaxPooling1D(pool_size=2, strides=1)(x)[0, :, 0]
    tensor([1., 2., 3., 4.])
    """

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None, name=None, **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=1, pool_mode="max", padding=padding,
                         data_format=data_format, name=name, **kwargs)
