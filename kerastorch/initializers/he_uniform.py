"""The He uniform initializer."""

from kerastorch.initializers.variance_scaling import _FixedVarianceScaling


class HeUniform(_FixedVarianceScaling):
    """He uniform initializer: values in `[-limit, limit]`, `limit = sqrt(6 / fan_in)`.

    The factor 2 makes up for ReLU zeroing half of its inputs, so deep ReLU stacks keep their variance.

    Args:
        seed: An integer or a `SeedGenerator`. An integer seed, or None (a seed drawn once at construction),
            gives the same values on every call; a `SeedGenerator` gives new values on each call.
        input_axes: Optional list of the axes that count as inputs for the fan-in (used with `output_axes`).
        output_axes: Optional list of the axes that count as outputs for the fan-out.

    Example:

    >>> initializer = HeUniform(seed=1)
    >>> values = initializer(shape=(2, 2))

    Reference:

    - [He et al., 2015](https://arxiv.org/abs/1502.01852)
    """

    _scheme = (2.0, "fan_in", "uniform")
