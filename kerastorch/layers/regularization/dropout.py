"""`Dropout`: zeroes a random fraction of its inputs in training, to regularize."""

import torch

from kerastorch.backend import random as backend_random
from kerastorch.backend import symbolic
from kerastorch.layers.layer import Layer


class Dropout(Layer):
    """Sets a random fraction `rate` of the input units to 0 in training, and scales the others by
    `1 / (1 - rate)` so that the expected sum is unchanged. In inference the input is returned as is.

    Without `seed` and `noise_shape`, torch's fused dropout kernel is used (fast, drawn from torch's global
    generator). With a `seed`, the mask is drawn from a seeded generator that advances on every call, as Keras
    on torch does, so a seeded run gives Keras's numbers; `noise_shape` takes the same path.

    Args:
        rate: Float between 0 and 1, the fraction of units to drop.
        noise_shape: Shape of the binary mask, broadcast over the input; None entries take the input's size.
            `(batch_size, 1, features)` drops the same features at every timestep.
        seed: Integer seed for the mask, or None.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        inputs: Input tensor, of any rank.
        training: Whether to drop (True) or pass the input through (False).
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= rate <= 1:
            raise ValueError(
                f"Dropout layer '{self.name}': `rate` must be a float between 0 and 1. Received: rate={rate}"
            )
        self.rate = rate
        self.seed = seed
        self.noise_shape = self._validate_noise_shape(noise_shape)
        if rate > 0:
            self.seed_generator = backend_random.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def _validate_noise_shape(self, noise_shape):
        if noise_shape is None:
            return None
        if isinstance(noise_shape, str):
            raise ValueError(
                f"Dropout layer '{self.name}': `noise_shape` must be a tuple of integers. "
                f"Received: noise_shape={noise_shape!r}"
            )
        try:
            noise_shape = tuple(noise_shape)
        except TypeError:
            raise ValueError(
                f"Dropout layer '{self.name}': `noise_shape` must be an iterable of integers. "
                f"Received: noise_shape={noise_shape!r}"
            ) from None
        for size in noise_shape:
            if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size <= 0):
                raise ValueError(
                    f"Dropout layer '{self.name}': every entry of `noise_shape` must be a positive integer or "
                    f"None. Received: noise_shape={noise_shape}"
                )
        return noise_shape

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        if self.rate == 1:
            return torch.zeros_like(inputs)
        if symbolic.is_fake(inputs) or (self.seed is None and self.noise_shape is None):
            # Shape inference must not advance the seed stream; the unseeded case takes the fused kernel.
            return torch.nn.functional.dropout(inputs, p=self.rate, training=True)
        keep_prob = 1.0 - self.rate
        shape = inputs.shape if self.noise_shape is None else [
            inputs.shape[i] if size is None else size for i, size in enumerate(self.noise_shape)
        ]
        generator = backend_random.torch_generator(self.seed_generator, device=inputs.device)
        # Keras draws a float32 Bernoulli mask on the input's device; same draw, same numbers.
        keep = torch.bernoulli(torch.full(tuple(shape), keep_prob, device=inputs.device), generator=generator)
        keep = torch.broadcast_to(keep.bool(), inputs.shape)
        return torch.where(keep, inputs / keep_prob, torch.zeros_like(inputs))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape}
