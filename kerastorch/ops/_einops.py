"""`keras.ops.rearrange`: einops-style axis rearrangement (`"b h w c -> b (h w) c"`)."""

import re

from kerastorch.ops.core import _to_tensor
from kerastorch.ops.symbolic_op import op


def _groups(side):
    """`"b (h w) c"` -> `[["b"], ["h", "w"], ["c"]]`."""
    return [g.split() if g.startswith("(") is False else g[1:-1].split() for g in re.findall(r"\([^)]*\)|\S+", side)]


@op
def rearrange(tensor, pattern, **axes_lengths):
    """Reorders, merges and splits axes as `pattern` says; `axes_lengths` gives sizes of split axes."""
    tensor = _to_tensor(tensor)
    if "->" not in pattern:
        raise ValueError(f"Pattern must contain '->'. Received: pattern={pattern}")
    left, right = (_groups(s.strip()) for s in pattern.split("->"))
    if len(left) != tensor.ndim:
        raise ValueError(
            f"Number of dimensions in the pattern ({len(left)}) does not match the tensor. "
            f"Received: pattern={pattern}, tensor.shape={tuple(tensor.shape)}"
        )
    sizes = dict(axes_lengths)
    for group, size in zip(left, tensor.shape):
        unknown = [a for a in group if a not in sizes]
        known = 1
        for a in group:
            known *= sizes.get(a, 1)
        if len(unknown) > 1:
            raise ValueError(f"Could not infer sizes for {unknown}. Received: pattern={pattern}")
        if unknown:
            sizes[unknown[0]] = size // known
    flat_left = [a for g in left for a in g]
    x = tensor.reshape([sizes[a] for a in flat_left])
    x = x.permute([flat_left.index(a) for g in right for a in g])
    shape = []
    for group in right:
        n = 1
        for a in group:
            n *= sizes[a]
        shape.append(n)
    return x.reshape(shape)
