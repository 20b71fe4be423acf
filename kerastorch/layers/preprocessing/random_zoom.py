"""`RandomZoom`: zooms images in or out by random factors, in training."""

import torch

from kerastorch.layers.preprocessing._affine_layer import _AffineImageLayer


class RandomZoom(_AffineImageLayer):
    """Randomly zooms each image about its center during training; at inference it passes it through.

    The zoom of each axis is drawn uniformly from `[1 + lower, 1 + upper]`: output pixel `x` reads input
    pixel `center + zoom * (x - center)`, so a positive factor zooms out (the image shrinks) and a negative
    one zooms in.

    Args:
        height_factor: A float in `(-1, 1]`, or a `(lower, upper)` pair; a single value `f` means `[-f, f]`.
        width_factor: Same for the width; None (the default) zooms both axes by the same draw.
        fill_mode: `"reflect"` (the default), `"wrap"`, `"constant"` or `"nearest"`.
        interpolation: `"bilinear"` (the default) or `"nearest"`.
        seed: Integer seed, or None.
        fill_value: The value outside the image with `fill_mode="constant"`.
        data_format: `"channels_last"` or `"channels_first"`; default `keras.config.image_data_format()`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        data: Images (rank 4), one image (rank 3), or a dict with an `"images"` entry.
        training: Whether to zoom. Defaults to True, as in Keras; a model passes its own mode.

    Input shape:
        3D (unbatched) or 4D (batched) images.

    Output shape:
        The input shape.
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height_factor, width_factor=None, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.height_lower, self.height_upper = self._check_range(height_factor, "height_factor", -1.0, 1.0, True)
        self.width_factor = width_factor
        if width_factor is not None:
            self.width_lower, self.width_upper = self._check_range(width_factor, "width_factor", -1.0, 1.0, True)
        self._init_warp(fill_mode, interpolation, seed, fill_value)

    def get_random_transformation(self, images, training=True):
        if not training:
            return None
        shape = (images.shape[0], 1)
        height_zoom = self._uniform(shape, 1.0 + self.height_lower, 1.0 + self.height_upper, images.device)
        if self.width_factor is not None:
            width_zoom = self._uniform(shape, 1.0 + self.width_lower, 1.0 + self.width_upper, images.device)
        else:
            width_zoom = height_zoom
        height, width = self._image_size(images)
        zero = torch.zeros_like(width_zoom)
        x_offset = (float(width) - 1.0) / 2.0 * (1.0 - width_zoom)
        y_offset = (float(height) - 1.0) / 2.0 * (1.0 - height_zoom)
        matrix = torch.cat([width_zoom, zero, x_offset, zero, height_zoom, y_offset, zero, zero], dim=1)
        return {"height_zoom": height_zoom, "width_zoom": width_zoom, "matrix": matrix}

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
