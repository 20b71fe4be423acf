"""`MaxPooling3D`: the maximum over each window of 3 spatial axes."""

from kerastorch.layers.pooling.base_pooling import BasePooling


class MaxPooling3D(BasePooling):
    """Max pooling for 3D spatial data: downsamples by taking the maximum of each `pool_size` window.

    Args:
        pool_size: Int or tuple of 3 int(s), the window size.
        strides: Int or tuple of 3 int(s), the stride of the window; None means `pool_size`.
        padding: `"valid"` or `"same"` (output size `ceil(input / strides)`).
        data_format: `"channels_last"` or `"channels_first"`; None means `keras.config.image_data_format()`.

    Input shape:
        `(batch_size, dim1, dim2, dim3, channels)` (channels_last), channels second for channels_first.

    Output shape:
        `(batch_size, pooled_dim1, pooled_dim2, pooled_dim3, channels)` (channels_last).

    Example:

    >>> x = np.random.rand(4, 8, 8, 8, 3).astype("float32")
    >>> keras.layers.MaxPooling3D()(x).shape
    torch.Size([4, 4, 4, 4, 3])
    """

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding="valid", data_format=None, name=None, **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=3, pool_mode="max", padding=padding,
                         data_format=data_format, name=name, **kwargs)
