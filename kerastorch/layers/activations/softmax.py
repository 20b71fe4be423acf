"""`Softmax`: a softmax over one or more axes that ignores masked-out positions."""

import torch

from kerastorch import activations
from kerastorch.layers.layer import Layer


def _large_negative_number(dtype):
    # Stands in for -inf: finite, so a fully masked row gives uniform weights instead of NaN.
    return -30000.0 if dtype == torch.float16 else -1e9


class Softmax(Layer):
    """Softmax activation: `exp(x) / sum(exp(x))` along `axis`.

    With a mask (passed as `mask=` or carried by the input), masked-out positions take no probability mass
    and output exactly 0, which is what attention scores over padded sequences need.

    Args:
        axis: Integer, or tuple of integers, the axis or axes to normalize over.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        inputs: The logits.
        mask: Optional mask broadcastable to `inputs`: booleans, or numbers where values > 0.5 mean "keep".

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.supports_masking = True
        self.built = True

    def call(self, inputs, mask=None):
        if mask is not None:
            self._check_mask(inputs, mask)
            if mask.dtype != torch.bool:
                mask = mask > 0.5
            inputs = torch.where(mask, inputs, _large_negative_number(inputs.dtype))
        if isinstance(self.axis, (tuple, list)) and len(self.axis) > 1:
            axis = tuple(self.axis)
            outputs = torch.exp(inputs - torch.logsumexp(inputs, dim=axis, keepdim=True))
        else:
            axis = self.axis[0] if isinstance(self.axis, (tuple, list)) else self.axis
            outputs = activations.softmax(inputs, axis=axis)
        if mask is not None:
            outputs = torch.where(mask, outputs, 0.0)
        return outputs

    def _check_mask(self, inputs, mask):
        if mask.ndim > inputs.ndim or any(
            m != 1 and m != i for m, i in zip(reversed(mask.shape), reversed(inputs.shape))
        ):
            raise ValueError(
                f"Softmax layer '{self.name}': the `mask` must be broadcastable to `inputs` (each mask axis 1 or "
                f"equal to the input's, and no more axes). Received: inputs.shape={tuple(inputs.shape)}, "
                f"mask.shape={tuple(mask.shape)}"
            )

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
