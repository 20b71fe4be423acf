"""`GaussianDropout`: multiplies its inputs by noise centred on 1, in training."""

import math

from kerastorch.backend import random as backend_random
from kerastorch.layers.layer import Layer


class GaussianDropout(Layer):
    """Multiplies the inputs by Gaussian noise of mean 1 and standard deviation `sqrt(rate / (1 - rate))` in
    training; in inference the input is returned as is.

    Args:
        rate: Float between 0 and 1, the drop probability of the equivalent Dropout.
        seed: Integer seed for the noise, or None.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        inputs: Input tensor, of any rank.
        training: Whether to add the noise (True) or pass the input through (False).
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= rate <= 1:
            raise ValueError(
                f"GaussianDropout layer '{self.name}': `rate` must be a float between 0 and 1. Received: rate={rate}"
            )
        self.rate = rate
        self.seed = seed
        if rate > 0:
            self.seed_generator = backend_random.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            stddev = math.sqrt(self.rate / (1.0 - self.rate))
            noise = backend_random.normal(tuple(inputs.shape), mean=1.0, stddev=stddev, dtype=self.compute_dtype,
                                          seed=self.seed_generator)
            return inputs * noise.to(inputs.device)
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
