"""`GlobalAveragePooling1D`: the mean over the steps axis, skipping masked steps."""

import torch

from kerastorch.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalAveragePooling1D(BaseGlobalPooling):
    """Global average pooling for temporal data: the mean of each feature over the steps.

    With a mask (e.g. from `Embedding(mask_zero=True)`), only the unmasked steps are averaged. The output
    carries no mask.

    Args:
        data_format: `"channels_last"` or `"channels_first"`; None means `keras.config.image_data_format()`.
        keepdims: Whether to keep the steps axis (with size 1).

    Call arguments:
        inputs: A 3D tensor.
        mask: Optional boolean tensor `(batch_size, steps)`, True for the steps to average.

    Input shape:
        `(batch_size, steps, features)` (channels_last) or `(batch_size, features, steps)`.

    Output shape:
        `(batch_size, features)`, or with `keepdims=True` `(batch_size, 1, features)` (channels_last).

    Example:

    >>> x = np.random.rand(2, 3, 4).astype("float32")
    >>> keras.layers.GlobalAveragePooling1D()(x).shape
    torch.Size([2, 4])
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=1, data_format=data_format, keepdims=keepdims, **kwargs)

    def call(self, inputs, mask=None):
        steps_axis = self._spatial_axes[0]
        if mask is None:
            return torch.mean(inputs, dim=steps_axis, keepdim=self.keepdims)
        mask = torch.as_tensor(mask, device=inputs.device).to(torch.bool).unsqueeze(2 if steps_axis == 1 else 1)
        total = torch.sum(torch.where(mask, inputs, 0), dim=steps_axis, keepdim=self.keepdims)
        return total / torch.sum(mask.to(inputs.dtype), dim=steps_axis, keepdim=self.keepdims)

    def compute_mask(self, inputs, previous_mask):
        return None
