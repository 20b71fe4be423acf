"""The penalty that pushes the rows (or columns) of a matrix to be orthogonal."""

import torch

from kerastorch.backend.config import epsilon
from kerastorch.regularizers.regularizer import Regularizer
from kerastorch.regularizers.regularizer import _as_float32
from kerastorch.regularizers.regularizer import _validate_factor

_MODES = ("rows", "columns")


class OrthogonalRegularizer(Regularizer):
    """Penalty that encourages the rows (or columns) of a rank-2 weight to be orthogonal to each other.

    The penalty is `factor * 0.5 * sum(|<u_i, u_j>|) / n_pairs` over distinct pairs of L2-normalized rows
    (`mode="rows"`) or columns (`mode="columns"`). On a `Dense` kernel `(input_dim, units)`, rows mode makes
    the input features map to directions that do not overlap.

    Args:
        factor: Non-negative float, the regularization factor. Kept in float32, as Keras keeps it.
        mode: `"rows"` or `"columns"`.

    Example:

    >>> regularizer = OrthogonalRegularizer(factor=0.01)
    >>> layer = Dense(units=4, kernel_regularizer=regularizer)
    """

    def __init__(self, factor=0.01, mode="rows"):
        self.factor = _as_float32(_validate_factor(factor, name="factor"))
        if mode not in _MODES:
            raise ValueError(f"Invalid value for argument `mode`. Expected one of {_MODES}. Received: mode={mode!r}")
        self.mode = mode

    def __call__(self, inputs):
        if inputs.ndim != 2:
            raise ValueError(
                f"Inputs to OrthogonalRegularizer must have rank 2. Received: inputs.shape={tuple(inputs.shape)}"
            )
        axis = 1 if self.mode == "rows" else 0
        # L2-normalize with a capped inverse norm, so an all-zero row yields zeros rather than NaN.
        inverse_norm = torch.rsqrt(inputs.square().sum(dim=axis, keepdim=True)).clamp(max=1.0 / epsilon())
        unit = inputs * inverse_norm
        product = unit @ unit.T if self.mode == "rows" else unit.T @ unit
        size = product.shape[0]
        off_diagonal = product * (1.0 - torch.eye(size, dtype=inputs.dtype, device=inputs.device))
        num_pairs = size * (size - 1.0) / 2.0
        return self.factor * 0.5 * off_diagonal.abs().sum() / num_pairs

    def get_config(self):
        return {"factor": self.factor, "mode": self.mode}
