"""`BaseSpatialDropout`: what SpatialDropout1D/2D/3D share (not re-exported)."""

import torch

from kerastorch.backend import random as backend_random
from kerastorch.backend import symbolic
from kerastorch.layers.regularization.dropout import Dropout


class BaseSpatialDropout(Dropout):
    """Dropout of whole feature maps: one keep/drop draw per sample and channel, broadcast over the spatial
    axes. Subclasses say which axes share a draw in `_noise_shape`.

    Args:
        rate: Float between 0 and 1, the fraction of channels to drop.
        seed: Integer seed, or None.
        name: The layer's name.
        dtype: The dtype policy.
    """

    def __init__(self, rate, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)

    def _noise_shape(self, shape):
        raise NotImplementedError

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        if self.rate == 1:
            return torch.zeros_like(inputs)
        keep_prob = 1.0 - self.rate
        noise_shape = self._noise_shape(inputs.shape)
        if symbolic.is_fake(inputs):
            # Shape inference must not advance the seed stream.
            keep = torch.bernoulli(torch.full(noise_shape, keep_prob, device=inputs.device))
        else:
            # Keras draws this mask from the layer's seed stream even when no seed was given.
            generator = backend_random.torch_generator(self.seed_generator, device=inputs.device)
            keep = torch.bernoulli(torch.full(noise_shape, keep_prob, device=inputs.device), generator=generator)
        keep = torch.broadcast_to(keep.bool(), inputs.shape)
        return torch.where(keep, inputs / keep_prob, torch.zeros_like(inputs))

    def get_config(self):
        # As Keras: these four keys only, `dtype` as the variable dtype's name.
        return {"rate": self.rate, "seed": self.seed, "name": self.name, "dtype": self.dtype}
