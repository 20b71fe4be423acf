"""keras.ops.linalg: decompositions, solves and norms, on torch.linalg."""

import torch

from kerastorch.backend import config
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.ops._dtypes import result_type
from kerastorch.ops.core import _to_tensor
from kerastorch.ops.symbolic_op import op

_t = _to_tensor


def _float(x):
    x = _t(x)
    return x if x.is_floating_point() or x.is_complex() else x.to(to_torch_dtype(config.floatx()))


def _square(x, name):
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise ValueError(f"Input `{name}` must be a (batch of) square matrices. Received: {name}.shape={tuple(x.shape)}")


@op
def cholesky(x, upper=False):
    """The Cholesky factor of a positive-definite matrix (lower triangular unless `upper`)."""
    x = _float(x)
    _square(x, "x")
    return torch.linalg.cholesky(x, upper=upper)


@op
def cholesky_inverse(x, upper=False):
    """The inverse of a matrix from its Cholesky factor `x`."""
    return torch.cholesky_inverse(_float(x), upper=upper)


@op
def det(x):
    """Determinant of a (batch of) square matrices."""
    x = _float(x)
    _square(x, "x")
    return torch.linalg.det(x)


@op
def inv(x):
    """Inverse of a (batch of) square matrices."""
    x = _float(x)
    _square(x, "x")
    return torch.linalg.inv(x)


@op
def eig(x):
    """Eigenvalues and eigenvectors of a general square matrix (complex)."""
    return tuple(torch.linalg.eig(_float(x)))


@op
def eigh(x):
    """Eigenvalues (ascending) and eigenvectors of a symmetric / Hermitian matrix."""
    return tuple(torch.linalg.eigh(_float(x)))


@op
def lu_factor(x):
    """LU factorization with partial pivoting: `(lu, pivots)`, pivots 0-based as in SciPy and JAX."""
    lu, pivots = torch.linalg.lu_factor(_float(x))
    return lu, (pivots - 1).to(torch.int32)


@op
def qr(x, mode="reduced"):
    """QR decomposition (`mode` "reduced" or "complete")."""
    if mode not in ("reduced", "complete"):
        raise ValueError(f"`mode` argument value not supported. Expected one of {{'reduced', 'complete'}}. "
                         f"Received: mode={mode}")
    return tuple(torch.linalg.qr(_float(x), mode=mode))


@op
def svd(x, full_matrices=True, compute_uv=True):
    """Singular value decomposition `(u, s, vh)`, or just `s` when `compute_uv` is False."""
    x = _float(x)
    if not compute_uv:
        return torch.linalg.svdvals(x)
    return tuple(torch.linalg.svd(x, full_matrices=full_matrices))


@op
def solve(a, b):
    """The solution `x` of `a @ x = b`."""
    a, b = _float(a), _float(b)
    _square(a, "a")
    return torch.linalg.solve(a, b)


@op
def solve_triangular(a, b, lower=False):
    """The solution of a triangular system `a @ x = b` (a vector `b` is supported)."""
    a, b = _float(a), _float(b)
    vector = b.ndim == a.ndim - 1
    if vector:
        b = b.unsqueeze(-1)
    out = torch.linalg.solve_triangular(a, b, upper=not lower)
    return out.squeeze(-1) if vector else out


@op
def lstsq(a, b, rcond=None):
    """Least-squares solution of `a @ x = b`."""
    a, b = _float(a), _float(b)
    if a.ndim != 2:
        raise TypeError(f"{a.ndim}-dimensional array given. Array must be two-dimensional. Received: a.ndim={a.ndim}")
    vector = b.ndim == 1
    # The "gelsd" driver (SVD-based) handles rank-deficient systems as NumPy does; it runs on CPU only.
    driver = "gelsd" if a.device.type == "cpu" else None
    out = torch.linalg.lstsq(a, b.unsqueeze(-1) if vector else b, rcond=rcond, driver=driver).solution
    return out.squeeze(-1) if vector else out


@op
def matrix_rank(x, tol=None):
    """Numerical rank (int32): singular values above `tol` (default: max(shape) * eps * largest)."""
    x = _float(x)
    return torch.linalg.matrix_rank(x, atol=tol, rtol=None if tol is not None else None).to(torch.int32)


@op
def pinv(x, rcond=None):
    """Moore-Penrose pseudo-inverse."""
    x = _float(x)
    return torch.linalg.pinv(x) if rcond is None else torch.linalg.pinv(x, rtol=rcond)


@op
def slogdet(x):
    """`(sign, log|det|)` of a (batch of) square matrices."""
    return tuple(torch.linalg.slogdet(_float(x)))


@op
def norm(x, ord=None, axis=None, keepdims=False):
    """Vector or matrix norm: the 2-norm of the flattened tensor by default; a 2-tuple `axis` gives a matrix
    norm (`ord` "fro", "nuc", inf, -inf, 1, -1, 2, -2)."""
    x = _t(x)
    dtype = to_torch_dtype(result_type(x.dtype, float))
    x = x.to(dtype)
    if isinstance(axis, int):
        axis = (axis,)
    if axis is None:
        axis = tuple(range(x.ndim))
    axis = tuple(axis)
    if len(axis) == 1:
        if ord in ("fro", "nuc"):
            raise ValueError(f"Invalid `ord` argument for vector norm. Received: ord={ord}")
        return torch.linalg.vector_norm(x, ord=2 if ord is None else ord, dim=axis, keepdim=keepdims)
    if len(axis) == 2:
        if ord is None:
            ord = "fro"
        return torch.linalg.matrix_norm(x, ord=ord, dim=axis, keepdim=keepdims)
    if ord is not None:
        raise ValueError(f"Invalid axis for norm with `ord` set: at most 2 axes. Received: axis={axis}")
    return torch.linalg.vector_norm(x, dim=axis, keepdim=keepdims)


def jvp(fun, primals, tangents, has_aux=False):
    """`(fun(*primals), J @ tangents)`, and the auxiliary output when `has_aux`."""
    return torch.func.jvp(fun, tuple(primals), tuple(tangents), has_aux=has_aux)


__all__ = [
    "cholesky", "cholesky_inverse", "det", "eig", "eigh", "inv", "lu_factor", "qr", "svd", "solve",
    "solve_triangular", "lstsq", "matrix_rank", "pinv", "slogdet", "norm", "jvp",
]
