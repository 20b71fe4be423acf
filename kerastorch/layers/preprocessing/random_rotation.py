"""`RandomRotation`: rotates images by random angles, in training."""

import torch

from kerastorch.layers.preprocessing import _utils
from kerastorch.layers.preprocessing._affine_layer import _AffineImageLayer


class RandomRotation(_AffineImageLayer):
    """Randomly rotates images about their center during training; at inference it passes them through.

    Args:
        factor: A float, or a `(lower, upper)` pair, as a fraction of a full turn: the angle is drawn
            uniformly from `[lower * 360, upper * 360]` degrees; a single value `f` means `[-f, f]`.
            Positive values rotate counter-clockwise.
        fill_mode: How points outside the image are filled: `"reflect"` (the default, `d c b a | a b c d |
            d c b a`), `"wrap"`, `"constant"` (with `fill_value`) or `"nearest"`.
        interpolation: `"bilinear"` (the default) or `"nearest"`.
        seed: Integer seed, or None.
        fill_value: The value outside the image with `fill_mode="constant"`.
        data_format: `"channels_last"` or `"channels_first"`; default `keras.config.image_data_format()`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        data: Images (rank 4), one image (rank 3), or a dict with an `"images"` entry.
        training: Whether to rotate. Defaults to True, as in Keras; a model passes its own mode.

    Input shape:
        3D (unbatched) or 4D (batched) images.

    Output shape:
        The input shape.
    """

    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear", seed=None, fill_value=0.0,
                 data_format=None, **kwargs):
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        self._init_warp(fill_mode, interpolation, seed, fill_value)

    def get_random_transformation(self, images, training=True):
        if not training:
            return None
        batch = images.shape[0]
        height, width = self._image_size(images)
        angle = self._uniform((batch,), self.factor[0] * 360.0, self.factor[1] * 360.0, images.device)
        zeros, ones = torch.zeros_like(angle), torch.ones_like(angle)
        return {"angle": angle, "matrix": _utils.affine_matrix(angle, zeros, zeros, ones, height, width)}

    def get_config(self):
        return {
            **super().get_config(),
            "factor": self.factor,
            "data_format": self.data_format,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "interpolation": self.interpolation,
            "seed": self.seed,
        }
