"""keras.ops.math: segment reductions, top-k, logsumexp, FFTs and framing."""

import collections

import torch

from kerastorch.backend import config
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.ops._elementwise import erf, erfc, erfinv, rsqrt  # noqa: F401  (keras.ops.math names too)
from kerastorch.ops.core import _to_tensor
from kerastorch.ops.symbolic_op import op

_t = _to_tensor
_TopK = collections.namedtuple("top_k", ["values", "indices"])


def _segment(data, segment_ids, num_segments, how):
    data, segment_ids = _t(data), _t(segment_ids).long()
    if segment_ids.ndim != 1:
        raise ValueError(
            f"Argument `segment_ids` should be a 1-D vector. Received: segment_ids.shape={tuple(segment_ids.shape)}"
        )
    if num_segments is None:
        # The one host sync here: the output size depends on the data unless `num_segments` is given.
        num_segments = int(segment_ids.max().item()) + 1
    # Out-of-range ids go to an extra slot that is dropped, so they contribute nothing.
    ids = torch.where((segment_ids >= 0) & (segment_ids < num_segments), segment_ids, num_segments)
    ids = ids.reshape((-1,) + (1,) * (data.ndim - 1)).expand(data.shape)
    fill = {"sum": 0.0, "prod": 1.0, "amax": -float("inf"), "amin": float("inf")}[how]
    out = torch.full((num_segments + 1,) + tuple(data.shape[1:]), fill, dtype=torch.float32, device=data.device)
    out = out.scatter_reduce(0, ids, data.float(), how)
    return out[:-1].to(data.dtype)


@op
def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    """Sums of the rows of `data` sharing a segment id."""
    return _segment(data, segment_ids, num_segments, "sum")


@op
def segment_max(data, segment_ids, num_segments=None, sorted=False):
    """Maxima of the rows of `data` sharing a segment id (empty segments give the lowest value)."""
    return _segment(data, segment_ids, num_segments, "amax")


@op
def segment_min(data, segment_ids, num_segments=None, sorted=False):
    """Minima of the rows of `data` sharing a segment id."""
    return _segment(data, segment_ids, num_segments, "amin")


@op
def segment_prod(data, segment_ids, num_segments=None, sorted=False):
    """Products of the rows of `data` sharing a segment id."""
    return _segment(data, segment_ids, num_segments, "prod")


@op
def top_k(x, k, sorted=True):
    """The `k` largest values along the last axis and their indices, as `(values, indices)`."""
    result = torch.topk(_t(x), k, sorted=sorted)
    return _TopK(result.values, result.indices)


@op
def in_top_k(targets, predictions, k):
    """True where the target class's prediction is among the `k` largest (ties count as in)."""
    targets = _t(targets).long()[:, None]
    predictions = _t(predictions)
    kth = torch.topk(predictions, k).values[:, -1:]
    return (torch.take_along_dim(predictions, targets, dim=-1) >= kth).any(-1)


@op
def logsumexp(x, axis=None, keepdims=False):
    """`log(sum(exp(x)))` over `axis`, computed stably."""
    x = _t(x)
    if not x.is_floating_point():
        x = x.to(to_torch_dtype(config.floatx()))
    axis = tuple(range(x.ndim)) if axis is None else axis
    return torch.logsumexp(x, dim=axis, keepdim=keepdims)


@op
def logdet(x):
    """Log-determinant of a (batch of) positive-definite matrices."""
    return torch.logdet(_t(x))


@op
def extract_sequences(x, sequence_length, sequence_stride):
    """Frames of `sequence_length` along the last axis, `sequence_stride` apart."""
    return _t(x).unfold(-1, sequence_length, sequence_stride)


def _complex(pair):
    if not isinstance(pair, (tuple, list)) or len(pair) != 2:
        raise ValueError(
            "Input `x` should be a tuple of two tensors - real and imaginary. "
            f"Received: x={pair}"
        )
    real, imag = _t(pair[0]), _t(pair[1])
    if not real.is_floating_point() or real.dtype != imag.dtype:
        raise ValueError(
            "At least one tensor in input `x` is not of type float or the two have different dtypes. "
            f"Received: x=({real.dtype}, {imag.dtype})"
        )
    return torch.complex(real, imag)


@op
def fft(x):
    """FFT along the last axis of `(real, imag)`; returns `(real, imag)`."""
    out = torch.fft.fft(_complex(x))
    return out.real, out.imag


@op
def fft2(x):
    """2-D FFT over the last two axes of `(real, imag)`."""
    out = torch.fft.fft2(_complex(x))
    return out.real, out.imag


@op
def ifft2(x):
    """Inverse 2-D FFT over the last two axes of `(real, imag)`."""
    out = torch.fft.ifft2(_complex(x))
    return out.real, out.imag


@op
def rfft(x, fft_length=None):
    """FFT of a real signal along its last axis (non-negative frequencies); returns `(real, imag)`."""
    out = torch.fft.rfft(_t(x), n=fft_length, dim=-1)
    return out.real, out.imag


@op
def irfft(x, fft_length=None):
    """Inverse of `rfft`: a real signal from `(real, imag)`."""
    return torch.fft.irfft(_complex(x), n=fft_length, dim=-1)


@op
def cdist(x, y):
    """Pairwise Euclidean distances between the rows of `x` and `y` (batched over leading axes)."""
    x, y = _t(x), _t(y)
    if not x.is_floating_point():
        x = x.to(to_torch_dtype(config.floatx()))
    return torch.cdist(x, y.to(x.dtype))


@op
def view_as_complex(x):
    """A complex tensor from a real one whose last axis holds (real, imag)."""
    return torch.view_as_complex(_t(x).contiguous())


@op
def view_as_real(x):
    """A real tensor with a trailing axis of (real, imag) from a complex one."""
    return torch.view_as_real(_t(x))


__all__ = [
    "segment_sum", "segment_max", "segment_min", "segment_prod", "top_k", "in_top_k", "logsumexp", "logdet",
    "extract_sequences", "fft", "fft2", "ifft2", "rfft", "irfft", "view_as_complex", "view_as_real",
    "erf", "erfc", "erfinv", "rsqrt", "cdist",
]
