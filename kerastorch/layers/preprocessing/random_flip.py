"""`RandomFlip`: flips images horizontally and/or vertically at random, in training."""

import torch

from kerastorch.backend import random as backend_random
from kerastorch.layers.preprocessing.base_image_preprocessing_layer import BaseImagePreprocessingLayer

HORIZONTAL = "horizontal"
VERTICAL = "vertical"
HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical"


class RandomFlip(BaseImagePreprocessingLayer):
    """Randomly flips images during training; at inference the input passes through unchanged.

    Each image is flipped with probability 1/2 (one draw per image; with `"horizontal_and_vertical"` the
    same draw decides both flips). With an integer `seed` the draws are the ones Keras on torch makes.

    Args:
        mode: `"horizontal"`, `"vertical"` or `"horizontal_and_vertical"` (the default).
        seed: Integer seed, or None.
        data_format: `"channels_last"` or `"channels_first"`; default `keras.config.image_data_format()`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        data: Images `(batch, height, width, channels)` (or channels first), a single image, or a dict
            with an `"images"` entry.
        training: Whether to flip. Defaults to True, as in Keras; a model passes its own mode.

    Input shape:
        3D (unbatched) or 4D (batched) images.

    Output shape:
        The input shape, in the layer's compute dtype.
    """

    _USE_BASE_FACTOR = False

    def __init__(self, mode=HORIZONTAL_AND_VERTICAL, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if mode not in (HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL):
            raise ValueError(
                f"RandomFlip layer '{self.name}': `mode` must be one of {HORIZONTAL!r}, {VERTICAL!r} or "
                f"{HORIZONTAL_AND_VERTICAL!r}. Received: mode={mode!r}"
            )
        self.seed = seed
        self.generator = backend_random.SeedGenerator(seed)
        self.mode = mode

    def get_random_transformation(self, images, training=True):
        if not training:
            return None
        return {"flips": self._uniform((images.shape[0], 1, 1, 1), 0.0, 1.0, images.device) <= 0.5}

    def transform_images(self, images, transformation, training=True):
        images = images.to(self._compute_torch_dtype)
        if not training or transformation is None:
            return images
        flips = transformation["flips"]
        width_axis, height_axis = (-2, -3) if self.data_format == "channels_last" else (-1, -2)
        if self.mode in (HORIZONTAL, HORIZONTAL_AND_VERTICAL):
            images = torch.where(flips, images.flip(width_axis), images)
        if self.mode in (VERTICAL, HORIZONTAL_AND_VERTICAL):
            images = torch.where(flips, images.flip(height_axis), images)
        return images

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        return self.transform_images(segmentation_masks, transformation, training)

    def get_config(self):
        return {**super().get_config(), "seed": self.seed, "mode": self.mode, "data_format": self.data_format}
