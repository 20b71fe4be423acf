"""`RandomTranslation`: shifts images by random offsets, in training."""

import torch

from kerastorch.layers.preprocessing._affine_layer import _AffineImageLayer


class RandomTranslation(_AffineImageLayer):
    """Randomly translates images during training; at inference it passes them through.

    The vertical shift is drawn uniformly from `[lower, upper] * height` and the horizontal one from
    `[lower, upper] * width` (in that order, from the layer's seed stream); positive values move the image
    down and right.

    Args:
        height_factor: A float in `[-1, 1]`, or a `(lower, upper)` pair; a single value `f` means `[-f, f]`.
        width_factor: Same for the width.
        fill_mode: `"reflect"` (the default), `"wrap"`, `"constant"` or `"nearest"`.
        interpolation: `"bilinear"` (the default) or `"nearest"`.
        seed: Integer seed, or None.
        fill_value: The value outside the image with `fill_mode="constant"`.
        data_format: `"channels_last"` or `"channels_first"`; default `keras.config.image_data_format()`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        data: Images (rank 4), one image (rank 3), or a dict with an `"images"` entry.
        training: Whether to translate. Defaults to True, as in Keras; a model passes its own mode.

    Input shape:
        3D (unbatched) or 4D (batched) images.

    Output shape:
        The input shape.
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height_factor, width_factor, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.height_lower, self.height_upper = self._check_range(height_factor, "height_factor", -1.0, 1.0)
        self.width_factor = width_factor
        self.width_lower, self.width_upper = self._check_range(width_factor, "width_factor", -1.0, 1.0)
        self._init_warp(fill_mode, interpolation, seed, fill_value)

    def get_random_transformation(self, images, training=True):
        if not training:
            return None
        shape = (images.shape[0], 1)
        height, width = self._image_size(images)
        shift_y = self._uniform(shape, self.height_lower, self.height_upper, images.device) * height
        shift_x = self._uniform(shape, self.width_lower, self.width_upper, images.device) * width
        zero, one = torch.zeros_like(shift_x), torch.ones_like(shift_x)
        matrix = torch.cat([one, zero, -shift_x, zero, one, -shift_y, zero, zero], dim=1)
        return {"translations": torch.cat([shift_x, shift_y], dim=1), "matrix": matrix}

    def get_config(self):
        return {
            **super().get_config(),
            "height_factor": self.height_factor,
            "width_factor": self.width_factor,
            "fill_mode": self.fill_mode,
            "interpolation": self.interpolation,
            "seed": self.seed,
            "fill_value": self.fill_value,
            "data_format": self.data_format,
        }
