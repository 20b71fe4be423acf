"""`CenterCrop`: crops the central `height x width` region of images."""

from kerastorch.layers.preprocessing import _utils
from kerastorch.layers.preprocessing.base_image_preprocessing_layer import BaseImagePreprocessingLayer


class CenterCrop(BaseImagePreprocessingLayer):
    """Crops the center of images to `(height, width)`, in training and inference alike.

    An image smaller than the target on either axis is instead cropped to the target aspect ratio and
    resized (bilinear), as `keras.preprocessing.image.smart_resize` does.

    Args:
        height: Integer, the output height.
        width: Integer, the output width.
        data_format: `"channels_last"` or `"channels_first"`; default `keras.config.image_data_format()`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Input shape:
        3D (unbatched) or 4D (batched) images.

    Output shape:
        The input shape with the height and width replaced, in the layer's compute dtype.
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height, width, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        for name, value in (("height", height), ("width", width)):
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"CenterCrop layer '{self.name}': `{name}` must be a positive integer. "
                                 f"Received: {name}={value!r}")
        self.height = height
        self.width = width

    def transform_images(self, images, transformation=None, training=True):
        images = images.to(self._compute_torch_dtype)
        height, width = self._image_size(images)
        top, left = (height - self.height) // 2, (width - self.width) // 2
        if top < 0 or left < 0:
            return _utils.resize(images, (self.height, self.width), crop_to_aspect_ratio=True,
                                 data_format=self.data_format)
        if self.data_format == "channels_first":
            return images[:, :, top:top + self.height, left:left + self.width]
        return images[:, top:top + self.height, left:left + self.width, :]

    def transform_segmentation_masks(self, segmentation_masks, transformation=None, training=True):
        return self.transform_images(segmentation_masks, transformation, training)

    def compute_output_shape(self, input_shape):
        input_shape = list(input_shape)
        if len(input_shape) not in (3, 4):
            raise ValueError(f"CenterCrop layer '{self.name}' expects an input shape of rank 3 (unbatched) or "
                             f"4 (batched). Received: input_shape={tuple(input_shape)}")
        first = len(input_shape) - 3 + (1 if self.data_format == "channels_first" else 0)
        input_shape[first], input_shape[first + 1] = self.height, self.width
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width, "data_format": self.data_format}
