"""The initializer that scales its spread to the weight's fan-in and fan-out (Glorot, He and LeCun)."""

import math

from kerastorch.backend import random as backend_random
from kerastorch.initializers.initializer import _shape
from kerastorch.initializers.random_initializer import RandomInitializer

_MODES = ("fan_in", "fan_out", "fan_avg")
_DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")
# Standard deviation of a unit normal truncated to [-2, 2]: dividing by it makes the truncated draw have the
# variance the scaling rule asks for.
_TRUNCATED_STDDEV = 0.87962566103423978


def compute_fans(shape, input_axes=None, output_axes=None):
    """The `(fan_in, fan_out)` of a weight shape.

    With both `input_axes` and `output_axes`, the fans are the products of those axes' sizes. Otherwise a
    vector has fan_in = fan_out = its length, a matrix `(in, out)` its two sizes, and a convolution kernel
    `(*spatial, in, out)` its last two sizes times the receptive-field size.
    """
    shape = tuple(shape)
    if input_axes is not None and output_axes is not None:
        return math.prod(shape[a] for a in input_axes), math.prod(shape[a] for a in output_axes)
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field


class VarianceScaling(RandomInitializer):
    """Initializer whose spread adapts to the shape of the weight it fills.

    With a normal distribution the standard deviation (after truncation, for `"truncated_normal"`) is
    `sqrt(scale / n)`; with `"uniform"` values lie in `[-limit, limit]`, `limit = sqrt(3 * scale / n)`. `n` is
    the fan-in (`mode="fan_in"`), the fan-out (`"fan_out"`) or their mean (`"fan_avg"`), at least 1.

    Args:
        scale: Positive scaling factor.
        mode: One of `"fan_in"`, `"fan_out"`, `"fan_avg"`.
        distribution: One of `"truncated_normal"` (`"normal"` is taken to mean it), `"untruncated_normal"`,
            `"uniform"`.
        seed: An integer or a `SeedGenerator`. An integer seed, or None (a seed drawn once at construction),
            gives the same values on every call; a `SeedGenerator` gives new values on each call.
        input_axes: Optional list of the axes that count as inputs for the fan-in (used with `output_axes`).
        output_axes: Optional list of the axes that count as outputs for the fan-out.

    Example:

    >>> initializer = VarianceScaling(scale=0.1, mode="fan_in", distribution="uniform")
    >>> values = initializer(shape=(2, 2))
    """

    def __init__(
        self,
        scale=1.0,
        mode="fan_in",
        distribution="truncated_normal",
        seed=None,
        input_axes=None,
        output_axes=None,
    ):
        if scale <= 0.0:
            raise ValueError(f"Argument `scale` must be positive float. Received: scale={scale}")
        if mode not in _MODES:
            raise ValueError(f"Invalid `mode` argument. Expected one of {_MODES}. Received: mode={mode}")
        distribution = str(distribution).lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in _DISTRIBUTIONS:
            raise ValueError(
                f"Invalid `distribution` argument. Expected one of {_DISTRIBUTIONS}. "
                f"Received: distribution={distribution}"
            )
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.input_axes = input_axes
        self.output_axes = output_axes
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape = _shape(shape)
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        scale = self.scale / max(1.0, fan)
        if self.distribution == "truncated_normal":
            stddev = math.sqrt(scale) / _TRUNCATED_STDDEV
            return backend_random.truncated_normal(shape, mean=0.0, stddev=stddev, dtype=dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            return backend_random.normal(shape, mean=0.0, stddev=math.sqrt(scale), dtype=dtype, seed=self.seed)
        limit = math.sqrt(3.0 * scale)
        return backend_random.uniform(shape, minval=-limit, maxval=limit, dtype=dtype, seed=self.seed)

    def get_config(self):
        return {
            **super().get_config(),
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


class _FixedVarianceScaling(VarianceScaling):
    """Shared by the named schemes (Glorot, He, LeCun): scale, mode and distribution are fixed by the class,
    so only the seed and the fan axes are arguments and config keys."""

    _scheme = None  # (scale, mode, distribution)

    def __init__(self, seed=None, input_axes=None, output_axes=None):
        scale, mode, distribution = self._scheme
        super().__init__(
            scale=scale, mode=mode, distribution=distribution, seed=seed, input_axes=input_axes, output_axes=output_axes
        )

    def get_config(self):
        return {
            "seed": RandomInitializer.get_config(self)["seed"],
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }
