"""`_AffineImageLayer`: what RandomRotation, RandomZoom and RandomTranslation share (a warp per image)."""

from kerastorch.backend import random as backend_random
from kerastorch.layers.preprocessing import _utils
from kerastorch.layers.preprocessing.base_image_preprocessing_layer import BaseImagePreprocessingLayer

SUPPORTED_FILL_MODES = ("reflect", "wrap", "constant", "nearest")
SUPPORTED_INTERPOLATIONS = ("nearest", "bilinear")


class _AffineImageLayer(BaseImagePreprocessingLayer):
    """Warps each image by a random affine transform in training (`affine_matrix(images)` gives them)."""

    def _init_warp(self, fill_mode, interpolation, seed, fill_value):
        if fill_mode not in SUPPORTED_FILL_MODES:
            raise NotImplementedError(
                f"{self.__class__.__name__} layer '{self.name}': unknown `fill_mode`, expected one of "
                f"{SUPPORTED_FILL_MODES}. Received: fill_mode={fill_mode!r}"
            )
        if interpolation not in SUPPORTED_INTERPOLATIONS:
            raise NotImplementedError(
                f"{self.__class__.__name__} layer '{self.name}': unknown `interpolation`, expected one of "
                f"{SUPPORTED_INTERPOLATIONS}. Received: interpolation={interpolation!r}"
            )
        self.fill_mode = fill_mode
        self.interpolation = interpolation
        self.fill_value = fill_value
        self.seed = seed
        self.generator = backend_random.SeedGenerator(seed)

    def _check_range(self, factor, name, low, high, open_low=False):
        def bad(value):
            return value > high or value < low or (open_low and value == low)

        message = (
            f"{self.__class__.__name__} layer '{self.name}': `{name}` should be a number (or a list of two "
            f"numbers) in the range {'(' if open_low else '['}{low}, {high}]. Received: {name}={factor}"
        )
        if isinstance(factor, (tuple, list)):
            if len(factor) != 2 or bad(factor[0]) or bad(factor[1]):
                raise ValueError(message)
            return tuple(sorted(factor))
        if isinstance(factor, (int, float)) and not isinstance(factor, bool):
            if bad(factor):
                raise ValueError(message)
            return (-abs(factor), abs(factor))
        raise ValueError(message)

    def transform_images(self, images, transformation, training=True):
        images = images.to(self._compute_torch_dtype)
        if not training or transformation is None:
            return images
        return self._warp(images, transformation, self.interpolation)

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        if not training or transformation is None:
            return segmentation_masks
        return self._warp(segmentation_masks, transformation, "nearest")

    def _warp(self, images, transformation, interpolation):
        return _utils.affine_transform(images, transformation["matrix"], interpolation, self.fill_mode,
                                       self.fill_value, self.data_format)
