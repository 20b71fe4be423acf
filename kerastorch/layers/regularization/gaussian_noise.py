"""`GaussianNoise`: adds zero-centred Gaussian noise to its inputs, in training."""

from kerastorch.backend import random as backend_random
from kerastorch.layers.layer import Layer


class GaussianNoise(Layer):
    """Adds Gaussian noise of mean 0 and standard deviation `stddev` to the inputs in training (a data
    augmentation for real-valued inputs); in inference the input is returned as is.

    Args:
        stddev: Float between 0 and 1, the standard deviation of the noise.
        seed: Integer seed for the noise, or None.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        inputs: Input tensor, of any rank.
        training: Whether to add the noise (True) or pass the input through (False).
    """

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= stddev <= 1:
            raise ValueError(
                f"GaussianNoise layer '{self.name}': `stddev` must be a float between 0 and 1. "
                f"Received: stddev={stddev}"
            )
        self.stddev = stddev
        self.seed = seed
        if stddev > 0:
            self.seed_generator = backend_random.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if training and self.stddev > 0:
            noise = backend_random.normal(tuple(inputs.shape), mean=0.0, stddev=self.stddev, dtype=self.compute_dtype,
                                          seed=self.seed_generator)
            return inputs + noise.to(inputs.device)
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}
