"""`Resizing`: resizes images to a fixed height and width."""

from kerastorch.backend import config as backend_config
from kerastorch.layers.preprocessing import _utils
from kerastorch.layers.preprocessing.base_image_preprocessing_layer import BaseImagePreprocessingLayer

_INTERPOLATIONS = ("bilinear", "nearest", "bicubic")


class Resizing(BaseImagePreprocessingLayer):
    """Resizes images to `(height, width)`, in training and inference alike.

    Args:
        height: Integer, the output height.
        width: Integer, the output width.
        interpolation: `"bilinear"` (the default), `"nearest"` or `"bicubic"` (torch's kernels, as Keras on
            torch uses; Keras's `"lanczos3"`, `"lanczos5"` and `"area"` are not available on torch).
        crop_to_aspect_ratio: If True, first crop the largest centered box with the target aspect ratio.
        pad_to_aspect_ratio: If True, first pad the image evenly on both sides to the target aspect ratio
            with `fill_value`.
        fill_mode: Only `"constant"`.
        fill_value: The padding value with `pad_to_aspect_ratio=True`.
        antialias: Whether to antialias when downsampling (bilinear and bicubic only).
        data_format: `"channels_last"` or `"channels_first"`; default `keras.config.image_data_format()`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Input shape:
        3D (unbatched) or 4D (batched) images. Integer images are resized in float32, rounded and cast back.

    Output shape:
        The input shape with the height and width replaced.
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height, width, interpolation="bilinear", crop_to_aspect_ratio=False, pad_to_aspect_ratio=False,
                 fill_mode="constant", fill_value=0.0, antialias=False, data_format=None, **kwargs):
        super().__init__(**kwargs)
        for name, value in (("height", height), ("width", width)):
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"Resizing layer '{self.name}': `{name}` must be a positive integer. "
                                 f"Received: {name}={value!r}")
        if interpolation not in _INTERPOLATIONS:
            raise ValueError(f"Resizing layer '{self.name}': `interpolation` must be one of {_INTERPOLATIONS}. "
                             f"Received: interpolation={interpolation!r}")
        if fill_mode != "constant":
            raise ValueError(f"Resizing layer '{self.name}': only `fill_mode='constant'` is supported. "
                             f"Received: fill_mode={fill_mode!r}")
        if crop_to_aspect_ratio and pad_to_aspect_ratio:
            raise ValueError(f"Resizing layer '{self.name}': only one of `crop_to_aspect_ratio` and "
                             f"`pad_to_aspect_ratio` can be True. Received: crop_to_aspect_ratio=True, "
                             f"pad_to_aspect_ratio=True")
        self.height = height
        self.width = width
        self.interpolation = interpolation
        self.data_format = backend_config.standardize_data_format(data_format)
        self.crop_to_aspect_ratio = crop_to_aspect_ratio
        self.pad_to_aspect_ratio = pad_to_aspect_ratio
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.antialias = bool(antialias)

    def _resize(self, images, interpolation):
        return _utils.resize(images, (self.height, self.width), interpolation, self.antialias,
                             self.crop_to_aspect_ratio, self.pad_to_aspect_ratio, self.fill_value, self.data_format)

    def transform_images(self, images, transformation=None, training=True):
        return self._resize(images, self.interpolation)

    def transform_segmentation_masks(self, segmentation_masks, transformation=None, training=True):
        return self._resize(segmentation_masks, "nearest")

    def compute_output_shape(self, input_shape):
        input_shape = list(input_shape)
        first = len(input_shape) - 3 + (1 if self.data_format == "channels_first" else 0)
        input_shape[first], input_shape[first + 1] = self.height, self.width
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "height": self.height,
            "width": self.width,
            "interpolation": self.interpolation,
            "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
            "pad_to_aspect_ratio": self.pad_to_aspect_ratio,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "antialias": self.antialias,
            "data_format": self.data_format,
        }
