"""`Masking`: marks timesteps whose features all equal `mask_value` as padding."""

import torch

from kerastorch.layers.layer import Layer
from kerastorch.saving import serialization_lib


class Masking(Layer):
    """Masks timesteps that are padding, so that downstream layers that support masking skip them.

    A timestep (a position of the second-to-last axis) is masked when every one of its features equals
    `mask_value`. Masked timesteps are also zeroed in the output.

    Args:
        mask_value: The padding value.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Input shape:
        `(batch_size, timesteps, features)` (or any rank; the last axis holds the features).

    Output shape:
        Same as the input, with a boolean mask of shape `input_shape[:-1]` attached.
    """

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        if isinstance(mask_value, dict) and mask_value.get("config", None):
            mask_value = serialization_lib.deserialize_keras_object(mask_value)
        self.mask_value = mask_value
        self.supports_masking = True
        self.built = True

    def compute_mask(self, inputs, previous_mask=None):
        return torch.any(inputs != self.mask_value, dim=-1)

    def call(self, inputs):
        keep = torch.any(inputs != self.mask_value, dim=-1, keepdim=True)
        outputs = torch.where(keep, inputs, torch.zeros((), dtype=inputs.dtype, device=inputs.device))
        outputs._keras_mask = keep.squeeze(-1)
        return outputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "mask_value": self.mask_value}
