"""`BaseImagePreprocessingLayer`: the family base of the image preprocessing layers."""

import torch

from kerastorch.backend import config as backend_config
from kerastorch.backend import random as backend_random
from kerastorch.layers.layer import Layer


class BaseImagePreprocessingLayer(Layer):
    """The common behaviour of the image preprocessing layers.

    A subclass draws its random parameters in `get_random_transformation(images, training)` (None when
    nothing is to be done) and applies them in `transform_images(images, transformation, training)`. Inputs
    are a batch of images (rank 4) or a single image (rank 3), or a dict with an `"images"` entry and
    optionally `"labels"` and `"segmentation_masks"`; the layer returns the same structure. Bounding boxes
    are not supported.

    Args:
        factor: The layer's strength, a number or a `(lower, upper)` pair, for subclasses that take one.
        bounding_box_format: Kept for configs; kerastorch does not transform bounding boxes.
        data_format: `"channels_last"` (`(..., height, width, channels)`) or `"channels_first"`; default
            `keras.config.image_data_format()`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.
    """

    _USE_BASE_FACTOR = True
    _FACTOR_BOUNDS = (-1, 1)

    def __init__(self, factor=None, bounding_box_format=None, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.bounding_box_format = bounding_box_format
        self.data_format = backend_config.standardize_data_format(data_format)
        if self._USE_BASE_FACTOR:
            self._set_factor(factor or 0.0)
        elif factor is not None:
            raise ValueError(
                f"Layer {self.__class__.__name__} does not take a `factor` argument. Received: factor={factor}"
            )
        self.built = True

    def _set_factor(self, factor):
        low, high = self._FACTOR_BOUNDS
        message = (
            f"Layer {self.__class__.__name__}: the `factor` argument should be a number (or a list of two "
            f"numbers) in the range [{low}, {high}]. Received: factor={factor}"
        )
        if isinstance(factor, (tuple, list)):
            if len(factor) != 2 or factor[0] > high or factor[1] < low:
                raise ValueError(message)
            lower, upper = sorted(factor)
        elif isinstance(factor, (int, float)) and not isinstance(factor, bool):
            if factor < low or factor > high:
                raise ValueError(message)
            factor = abs(factor)
            lower, upper = max(-factor, low), factor
        else:
            raise ValueError(message)
        self.factor = (lower, upper)

    # ------------------------------------------------------------------ randomness
    def _uniform(self, shape, minval, maxval, device, dtype=torch.float32):
        """Uniform values drawn from the layer's seed stream (the numbers Keras on torch draws)."""
        generator = backend_random.torch_generator(self.generator, device=device)
        values = torch.rand(tuple(shape), generator=generator, dtype=dtype, device=device)
        return (maxval - minval) * values + minval

    def _image_size(self, images):
        if self.data_format == "channels_first":
            return images.shape[-2], images.shape[-1]
        return images.shape[-3], images.shape[-2]

    # ------------------------------------------------------------------ the transformation
    def get_random_transformation(self, images, training=True):
        return None

    def transform_images(self, images, transformation, training=True):
        raise NotImplementedError()

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        return segmentation_masks

    def call(self, data, training=True):
        if isinstance(data, dict):
            if "bounding_boxes" in data:
                raise ValueError(
                    f"Layer '{self.name}': kerastorch does not transform bounding boxes. Received: data with "
                    f"keys={sorted(data)}"
                )
            data = dict(data)
            images = torch.as_tensor(data["images"])
            images, batched = self._batched(images)
            transformation = self.get_random_transformation(images, training=training)
            data["images"] = self._unbatched(self.transform_images(images, transformation, training), batched)
            if "labels" in data:
                data["labels"] = self.transform_labels(torch.as_tensor(data["labels"]), transformation, training)
            if "segmentation_masks" in data:
                masks, _ = self._batched(torch.as_tensor(data["segmentation_masks"]))
                masks = self.transform_segmentation_masks(masks, transformation, training)
                data["segmentation_masks"] = self._unbatched(masks, batched)
            return data
        images, batched = self._batched(data)
        transformation = self.get_random_transformation(images, training=training)
        return self._unbatched(self.transform_images(images, transformation, training), batched)

    def _batched(self, images):
        if images.dim() == 4:
            return images, True
        if images.dim() == 3:
            return images.unsqueeze(0), False
        raise ValueError(
            f"Layer '{self.name}' expects an image of rank 3 or a batch of images of rank 4. "
            f"Received: data.shape={tuple(images.shape)}"
        )

    @staticmethod
    def _unbatched(images, batched):
        return images if batched else images.squeeze(0)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {**super().get_config(), "data_format": self.data_format}
        if self.bounding_box_format is not None:
            config["bounding_box_format"] = self.bounding_box_format
        return config
