"""Parsing of the per-axis `(before, after)` amounts of `Cropping*` and `ZeroPadding*` (not re-exported)."""

from kerastorch.layers.convolutional import _conv_utils as utils

_ORDINALS = ("1st", "2nd", "3rd")


def before_after_pairs(value, rank, name, layer_name):
    """An int, `rank` ints (symmetric) or `rank` pairs -> a tuple of `rank` `(before, after)` pairs of ints >= 0."""
    if utils._is_int(value):
        if value < 0:
            raise ValueError(f"Layer '{layer_name}': `{name}` cannot be negative. Received: {name}={value}")
        return ((int(value), int(value)),) * rank
    if not hasattr(value, "__len__") or len(value) != rank:
        raise ValueError(
            f"Layer '{layer_name}': `{name}` must be an int, a tuple of {rank} ints or a tuple of {rank} tuples of 2 "
            f"ints. Received: {name}={value}"
        )
    return tuple(
        utils.standardize_tuple(entry, 2, f"{_ORDINALS[i]} entry of {name}", layer_name, allow_zero=True)
        for i, entry in enumerate(value)
    )
