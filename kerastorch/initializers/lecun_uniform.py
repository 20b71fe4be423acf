"""The LeCun uniform initializer."""

from kerastorch.initializers.variance_scaling import _FixedVarianceScaling


class LecunUniform(_FixedVarianceScaling):
    """LeCun uniform initializer: values in `[-limit, limit]`, `limit = sqrt(3 / fan_in)`.

    The companion of SELU: with it, self-normalizing networks keep zero mean and unit variance.

    Args:
        seed: An integer or a `SeedGenerator`. An integer seed, or None (a seed drawn once at construction),
            gives the same values on every call; a `SeedGenerator` gives new values on each call.
        input_axes: Optional list of the axes that count as inputs for the fan-in (used with `output_axes`).
        output_axes: Optional list of the axes that count as outputs for the fan-out.

    Example:

    >>> initializer = LecunUniform(seed=1)
    >>> values = initializer(shape=(2, 2))

    Reference:

    - [Klambauer et al., 2017](https://arxiv.org/abs/1706.02515)
    """

    _scheme = (1.0, "fan_in", "uniform")
