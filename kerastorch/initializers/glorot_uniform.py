"""The Glorot uniform initializer."""

from kerastorch.initializers.variance_scaling import _FixedVarianceScaling


class GlorotUniform(_FixedVarianceScaling):
    """Glorot (Xavier) uniform initializer: values in `[-limit, limit]`, `limit = sqrt(6 / (fan_in + fan_out))`.

    Keeps the variance of activations and gradients about equal across layers with symmetric activations (tanh, linear).

    Args:
        seed: An integer or a `SeedGenerator`. An integer seed, or None (a seed drawn once at construction),
            gives the same values on every call; a `SeedGenerator` gives new values on each call.
        input_axes: Optional list of the axes that count as inputs for the fan-in (used with `output_axes`).
        output_axes: Optional list of the axes that count as outputs for the fan-out.

    Example:

    >>> initializer = GlorotUniform(seed=1)
    >>> values = initializer(shape=(2, 2))

    Reference:

    - [Glorot et al., 2010](http://proceedings.mlr.press/v9/glorot10a.html)
    """

    _scheme = (1.0, "fan_avg", "uniform")
