"""`AlphaDropout`: dropout that keeps the mean and variance of its inputs (for SELU networks)."""

from kerastorch.backend import random as backend_random
from kerastorch.layers.layer import Layer

# The SELU constants.
_ALPHA = 1.6732632423543772848170429916717
_SCALE = 1.0507009873554804934193349852946


class AlphaDropout(Layer):
    """Dropout that keeps the mean and variance of its inputs at their original values, so that the
    self-normalizing property of SELU networks survives it. Dropped units are set to SELU's negative
    saturation value `-alpha * scale`, then an affine transform `a * x + b` restores the moments. In inference
    the input is returned as is.

    Args:
        rate: Float between 0 and 1, the drop probability.
        noise_shape: Shape of the keep/drop mask, broadcast over the input; None entries take the input's size.
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
                f"AlphaDropout layer '{self.name}': `rate` must be a float between 0 and 1. Received: rate={rate}"
            )
        self.rate = rate
        self.seed = seed
        self.noise_shape = noise_shape
        if rate > 0:
            self.seed_generator = backend_random.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if not (training and self.rate > 0):
            return inputs
        shape = tuple(inputs.shape) if self.noise_shape is None else tuple(
            inputs.shape[i] if size is None else size for i, size in enumerate(self.noise_shape)
        )
        alpha_p = -_ALPHA * _SCALE
        uniform = backend_random.uniform(shape, seed=self.seed_generator).to(inputs.device)
        kept = (uniform >= self.rate).to(inputs.dtype)
        a = ((1 - self.rate) * (1 + self.rate * alpha_p**2)) ** -0.5
        b = -a * alpha_p * self.rate
        x = inputs * kept + alpha_p * (1 - kept)
        return a * x + b

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape}


