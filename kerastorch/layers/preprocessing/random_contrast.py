"""`RandomContrast`: scales each image's deviation from its mean by a random factor, in training."""

import torch

from kerastorch.backend import random as backend_random
from kerastorch.layers.preprocessing.base_image_preprocessing_layer import BaseImagePreprocessingLayer


class RandomContrast(BaseImagePreprocessingLayer):
    """Randomly adjusts the contrast of images during training; at inference it passes them through.

    For each image, `output = (x - mean) * c + mean` per channel, where `mean` is the channel's mean over
    the pixels and `c` is drawn uniformly from `[1 - lower, 1 + upper]`; the result is clipped to
    `value_range`.

    Args:
        factor: A float in `[0, 1]` or a `(lower, upper)` pair. As in Keras, a single value `f` gives
            `(lower, upper) = (0, f)`, i.e. factors in `[1, 1 + f]`.
        value_range: The `(min, max)` range of the images' values; outputs are clipped to it.
            Default `(0, 255)`.
        seed: Integer seed, or None.
        **kwargs: Base layer keyword arguments, such as `name`, `dtype` and `data_format`.

    Call arguments:
        data: Images (rank 4), one image (rank 3), or a dict with an `"images"` entry.
        training: Whether to adjust. Defaults to True, as in Keras; a model passes its own mode.

    Input shape:
        3D (unbatched) or 4D (batched) images.

    Output shape:
        The input shape.
    """

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(**kwargs)
        self._set_factor(factor)
        self.value_range = value_range
        self.seed = seed
        self.generator = backend_random.SeedGenerator(seed)

    def get_random_transformation(self, images, training=True):
        if not training:
            return None
        shape = (images.shape[0], 1, 1, 1)
        factor = self._uniform(shape, 1.0 - self.factor[0], 1.0 + self.factor[1], images.device,
                               dtype=self._compute_torch_dtype)
        return {"contrast_factor": factor}

    def transform_images(self, images, transformation, training=True):
        if not training or transformation is None:
            return images
        height_axis, width_axis = (-3, -2) if self.data_format == "channels_last" else (-2, -1)
        mean = images.mean(dim=height_axis, keepdim=True).mean(dim=width_axis, keepdim=True)
        outputs = (images - mean) * transformation["contrast_factor"] + mean
        return torch.clip(outputs, self.value_range[0], self.value_range[1])

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "value_range": self.value_range, "seed": self.seed}
