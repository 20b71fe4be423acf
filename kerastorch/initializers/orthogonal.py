"""The orthogonal-matrix initializer."""

import math

import torch

from kerastorch.backend import random as backend_random
from kerastorch.initializers.initializer import _shape
from kerastorch.initializers.random_initializer import RandomInitializer


class Orthogonal(RandomInitializer):
    """Initializer that makes an orthogonal matrix (times `gain`), from the QR decomposition of a normal draw.

    Orthogonal weights keep the norm of what they multiply, which helps recurrent kernels applied many times.
    A weight of more than two dimensions is filled as a matrix `(prod(shape[:-1]), shape[-1])`, then
    reshaped. The matrix has orthonormal columns, or orthonormal rows when it has fewer rows than columns.

    Args:
        gain: Multiplicative factor applied to the orthogonal matrix.
        seed: An integer or a `SeedGenerator`. An integer seed, or None (a seed drawn once at construction),
            gives the same values on every call; a `SeedGenerator` gives new values on each call.

    Example:

    >>> initializer = Orthogonal(seed=1)
    >>> values = initializer(shape=(2, 2))

    Reference:

    - [Saxe et al., 2014](https://openreview.net/forum?id=_wzZwKpTDF_9C)
    """

    def __init__(self, gain=1.0, seed=None):
        self.gain = gain
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape = _shape(shape)
        if len(shape) < 2:
            raise ValueError(
                "The tensor to initialize must be at least two-dimensional. "
                f"Received: shape={shape} of rank {len(shape)}."
            )
        rows, cols = math.prod(shape[:-1]), shape[-1]
        # QR of the tall orientation always, so the same seed gives the same matrix, transposed, for (a, b) and (b, a).
        draw = backend_random.normal((max(rows, cols), min(rows, cols)), seed=self.seed, dtype=dtype)
        q, r = torch.linalg.qr(draw)
        # QR is unique only up to the signs of R's diagonal; fixing them makes Q uniformly distributed.
        q = q * torch.sign(torch.diagonal(r))
        if rows < cols:
            q = q.T
        return self.gain * q.reshape(shape)

    def get_config(self):
        return {**super().get_config(), "gain": self.gain}
