"""`pack_x_y_sample_weight` / `unpack_x_y_sample_weight`: the tuples a custom `train_step` or a generator
passes around, with Keras's conventions."""


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """Packs the arguments into the tuple `fit` expects: `x` alone (a 1-tuple when `x` is itself a list or a
    tuple, so it is not read as `(x, y)`), `(x, y)` or `(x, y, sample_weight)`.

    Example:

    >>> keras.utils.pack_x_y_sample_weight(x, y)  # (x, y)
    """
    if y is None:
        return (x,) if isinstance(x, (list, tuple)) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def unpack_x_y_sample_weight(data):
    """`data` as `(x, y, sample_weight)`, Nones where absent: a list or tuple of 1 to 3 items, or anything else
    as `x` alone.

    Example:

    >>> x, y, sample_weight = keras.utils.unpack_x_y_sample_weight(data)
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return (data, None, None)
    if len(data) == 1:
        return (data[0], None, None)
    if len(data) == 2:
        return (data[0], data[1], None)
    if len(data) == 3:
        return (data[0], data[1], data[2])
    raise ValueError(
        "Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`. "
        f"Received: a tuple of {len(data)} elements"
    )
