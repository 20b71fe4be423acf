"""Nearest-neighbour upsampling by whole factors (not re-exported)."""


def repeat_axes(x, first_axis, factors):
    """Repeats each element `factors[i]` times along axis `first_axis + i`, in one copy.

    Equal to successive `repeat_interleave` calls (Keras's numbers), but one `expand` + `reshape` writes the
    output once instead of once per axis.
    """
    if all(f == 1 for f in factors):
        return x
    shape = list(x.shape)
    expanded, target = [], []
    for axis, size in enumerate(shape):
        expanded.append(size)
        i = axis - first_axis
        if 0 <= i < len(factors):
            expanded.append(factors[i])
            target.append(size * factors[i])
        else:
            target.append(size)
    view = list(shape)
    for i in reversed(range(len(factors))):
        view.insert(first_axis + i + 1, 1)
    return x.reshape(view).expand(expanded).reshape(target)
