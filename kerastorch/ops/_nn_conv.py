"""keras.ops.nn convolutions, pooling, attention and space/depth rearrangements.

Keras's "same" padding is TensorFlow's: the total padding `max((ceil(n / s) - 1) * s + k_eff - n, 0)` split with
the extra element after, which torch's symmetric `padding=` cannot express for strides > 1; inputs are padded
explicitly instead.
"""

import math

import torch
import torch.nn.functional as F

from kerastorch.backend import config
from kerastorch.ops.core import _to_tensor
from kerastorch.ops.symbolic_op import op

_t = _to_tensor
_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
_CONV_T = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}
_MAX = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
_AVG = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}


def _data_format(data_format):
    data_format = data_format or config.image_data_format()
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            "`data_format` must be 'channels_last' or 'channels_first'. "
            f"Received: data_format={data_format}"
        )
    return data_format


def _tuple(value, n, name):
    if isinstance(value, int):
        return (value,) * n
    value = tuple(value)
    if len(value) == 1:
        return value * n
    if len(value) != n:
        raise ValueError(f"Argument `{name}` must be an int or a tuple of {n} ints. Received: {name}={value}")
    return value


def _to_first(x, data_format):
    return torch.movedim(x, -1, 1) if data_format == "channels_last" else x


def _from_first(x, data_format):
    return torch.movedim(x, 1, -1) if data_format == "channels_last" else x


def _same_pads(spatial, kernel, strides, dilation):
    """Per-axis (before, after) padding of TensorFlow's "same"."""
    pads = []
    for n, k, s, d in zip(spatial, kernel, strides, dilation):
        effective = (k - 1) * d + 1
        total = max((math.ceil(n / s) - 1) * s + effective - n, 0)
        pads.append((total // 2, total - total // 2))
    return pads


def _pad_spatial(x, pads, value=0.0):
    flat = [p for pair in reversed(pads) for p in pair]
    return F.pad(x, flat, value=value) if any(flat) else x


def _check_padding(padding):
    padding = padding.lower() if isinstance(padding, str) else padding
    if padding not in ("valid", "same"):
        raise ValueError(f"`padding` must be 'valid' or 'same'. Received: padding={padding}")
    return padding


def _conv_nd(inputs, weight, strides, padding, data_format, dilation_rate, groups):
    data_format = _data_format(data_format)
    padding = _check_padding(padding)
    n = inputs.ndim - 2
    strides = _tuple(strides, n, "strides")
    dilation = _tuple(dilation_rate, n, "dilation_rate")
    x = _to_first(inputs, data_format)
    if padding == "same":
        x = _pad_spatial(x, _same_pads(x.shape[2:], weight.shape[2:], strides, dilation))
    return _from_first(_CONV[n](x, weight, stride=strides, dilation=dilation, groups=groups), data_format)


@op
def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """N-D convolution (1 to 3 spatial axes); a kernel with fewer input channels than the input groups them."""
    inputs, kernel = _t(inputs), _t(kernel)
    if inputs.ndim not in (3, 4, 5):
        raise ValueError(f"Inputs to conv must be 3D, 4D or 5D. Received: inputs.shape={tuple(inputs.shape)}")
    channels = inputs.shape[-1 if _data_format(data_format) == "channels_last" else 1]
    if channels % kernel.shape[-2]:
        raise ValueError(
            "The number of input channels must be a multiple of the kernel's input channels. "
            f"Received: inputs.shape={tuple(inputs.shape)}, kernel.shape={tuple(kernel.shape)}"
        )
    weight = torch.movedim(kernel, (-1, -2), (0, 1)).to(inputs.dtype)
    return _conv_nd(inputs, weight, strides, padding, data_format, dilation_rate, channels // kernel.shape[-2])


@op
def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """Per-channel convolution; kernel `(*spatial, in_channels, multiplier)` gives `in * multiplier` outputs."""
    inputs, kernel = _t(inputs), _t(kernel)
    in_channels, multiplier = kernel.shape[-2], kernel.shape[-1]
    weight = torch.movedim(kernel.reshape(*kernel.shape[:-2], 1, in_channels * multiplier), (-1, -2), (0, 1))
    return _conv_nd(inputs, weight.to(inputs.dtype), strides, padding, data_format, dilation_rate, in_channels)


@op
def separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides=1, padding="valid", data_format=None,
                   dilation_rate=1):
    """Depthwise convolution followed by a 1x1 pointwise convolution."""
    depthwise = depthwise_conv._raw(inputs, depthwise_kernel, strides, padding, data_format, dilation_rate)
    return conv._raw(depthwise, pointwise_kernel, 1, "valid", data_format, 1)


def _transpose_length(n, k, s, d, padding, output_padding):
    """Keras's output length of a transposed convolution."""
    effective = (k - 1) * d + 1
    if output_padding is None:
        return n * s + max(effective - s, 0) if padding == "valid" else n * s
    pad = 0 if padding == "valid" else effective // 2
    return (n - 1) * s + effective - 2 * pad + output_padding


@op
def conv_transpose(inputs, kernel, strides=1, padding="valid", output_padding=None, data_format=None,
                   dilation_rate=1):
    """Transposed convolution; kernel `(*spatial, out_channels, in_channels)`."""
    inputs, kernel = _t(inputs), _t(kernel)
    data_format = _data_format(data_format)
    padding = _check_padding(padding)
    n = inputs.ndim - 2
    strides = _tuple(strides, n, "strides")
    dilation = _tuple(dilation_rate, n, "dilation_rate")
    out_pad = (None,) * n if output_padding is None else _tuple(output_padding, n, "output_padding")
    x = _to_first(inputs, data_format)
    weight = torch.movedim(kernel, (-1, -2), (0, 1)).to(x.dtype)
    full = _CONV_T[n](x, weight, stride=strides, dilation=dilation)
    # Crop (or zero-extend) the full result to Keras's length; "same" drops what the matching forward
    # convolution would have padded before the data.
    index = [slice(None), slice(None)]
    extend = []
    for axis, (length, k, s, d, op_) in enumerate(zip(x.shape[2:], kernel.shape[:-2], strides, dilation, out_pad)):
        target = _transpose_length(length, k, s, d, padding, op_)
        if padding == "same":
            before = _same_pads((target,), (k,), (s,), (d,))[0][0] if op_ is None else ((k - 1) * d + 1) // 2
        else:
            before = 0
        available = full.shape[2 + axis] - before
        index.append(slice(before, before + min(target, available)))
        extend.append((0, max(target - available, 0)))
    out = _pad_spatial(full[tuple(index)], extend)
    return _from_first(out, data_format)


def _pool(inputs, pool_size, strides, padding, data_format, kind):
    inputs = _t(inputs)
    data_format = _data_format(data_format)
    padding = _check_padding(padding)
    n = inputs.ndim - 2
    pool_size = _tuple(pool_size, n, "pool_size")
    strides = pool_size if strides is None else _tuple(strides, n, "strides")
    x = _to_first(inputs, data_format)
    if kind == "max":
        if padding == "same":
            x = _pad_spatial(x, _same_pads(x.shape[2:], pool_size, strides, (1,) * n), value=-float("inf"))
        return _from_first(_MAX[n](x, pool_size, strides), data_format)
    if padding == "same":
        pads = _same_pads(x.shape[2:], pool_size, strides, (1,) * n)
        ones = torch.ones((1, 1) + tuple(x.shape[2:]), dtype=x.dtype, device=x.device)
        # Padded positions do not count in the average, as in TensorFlow's "same" average pooling.
        counts = _AVG[n](_pad_spatial(ones, pads), pool_size, strides)
        return _from_first(_AVG[n](_pad_spatial(x, pads), pool_size, strides) / counts, data_format)
    return _from_first(_AVG[n](x, pool_size, strides), data_format)


@op
def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Max pooling over 1 to 3 spatial axes (strides default to `pool_size`)."""
    return _pool(inputs, pool_size, strides, padding, data_format, "max")


@op
def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Average pooling; with "same" padding the padded positions are not counted."""
    return _pool(inputs, pool_size, strides, padding, data_format, "avg")


def _adaptive(inputs, output_size, data_format, kind):
    inputs = _t(inputs)
    data_format = _data_format(data_format)
    n = inputs.ndim - 2
    size = _tuple(output_size, n, "output_size")
    fn = {"avg": {1: F.adaptive_avg_pool1d, 2: F.adaptive_avg_pool2d, 3: F.adaptive_avg_pool3d},
          "max": {1: F.adaptive_max_pool1d, 2: F.adaptive_max_pool2d, 3: F.adaptive_max_pool3d}}[kind][n]
    return _from_first(fn(_to_first(inputs, data_format), size), data_format)


@op
def adaptive_average_pool(inputs, output_size, data_format=None):
    """Average pooling to a fixed output size."""
    return _adaptive(inputs, output_size, data_format, "avg")


@op
def adaptive_max_pool(inputs, output_size, data_format=None):
    """Max pooling to a fixed output size."""
    return _adaptive(inputs, output_size, data_format, "max")


@op
def dot_product_attention(query, key, value, bias=None, mask=None, scale=None, is_causal=False,
                          flash_attention=None, attn_logits_soft_cap=None):
    """Scaled dot-product attention on `(batch, length, heads, head_dim)` tensors.

    Args:
        bias: Added to the logits (broadcast to `(batch, heads, q_len, kv_len)`).
        mask: Boolean; False positions get no attention.
        scale: Logit scale, `1 / sqrt(head_dim)` by default.
        is_causal: Whether each query attends only to keys at or before its position.
        attn_logits_soft_cap: If set, logits become `cap * tanh(logits / cap)`.
    """
    query, key, value = _t(query), _t(key), _t(value)
    if query.ndim not in (3, 4):
        raise ValueError(
            "`dot_product_attention` only supports 3D and 4D inputs. "
            f"Received: query.shape={tuple(query.shape)}, key.shape={tuple(key.shape)}, "
            f"value.shape={tuple(value.shape)}."
        )
    squeeze = query.ndim == 3
    if squeeze:
        query, key, value = query.unsqueeze(2), key.unsqueeze(2), value.unsqueeze(2)
    scale = 1.0 / math.sqrt(query.shape[-1]) if scale is None else scale
    q, k, v = (t.transpose(1, 2) for t in (query, key, value))
    if k.shape[1] != q.shape[1]:  # grouped-query attention: share each key head among query heads
        k = k.repeat_interleave(q.shape[1] // k.shape[1], dim=1)
        v = v.repeat_interleave(q.shape[1] // v.shape[1], dim=1)
    logits = torch.matmul(q.float() if q.dtype == torch.float16 else q, k.transpose(-1, -2).to(
        torch.float32 if q.dtype == torch.float16 else q.dtype)) * scale
    if attn_logits_soft_cap is not None:
        logits = attn_logits_soft_cap * torch.tanh(logits / attn_logits_soft_cap)
    if bias is not None:
        logits = logits + _t(bias).to(logits.dtype)
    keep = None
    if mask is not None:
        keep = _t(mask).to(torch.bool)
    if is_causal:
        causal = torch.ones(logits.shape[-2:], dtype=torch.bool, device=logits.device).tril()
        keep = causal if keep is None else keep & causal
    if keep is not None:
        logits = logits.masked_fill(~keep, torch.finfo(logits.dtype).min)
    weights = torch.softmax(logits, dim=-1).to(v.dtype)
    out = torch.matmul(weights, v).transpose(1, 2)
    return out.squeeze(2) if squeeze else out


@op
def depth_to_space(x, block_size, data_format="channels_last"):
    """Moves channel blocks into `block_size x block_size` spatial patches (pixel shuffle)."""
    x = _t(x)
    x = torch.movedim(x, 1, -1) if _data_format(data_format) == "channels_first" else x
    n, h, w, c = x.shape
    b = block_size
    # Channels split as (block row, block column, channel), TensorFlow's order.
    out = x.reshape(n, h, w, b, b, c // (b * b)).permute(0, 1, 3, 2, 4, 5).reshape(n, h * b, w * b, c // (b * b))
    return torch.movedim(out, -1, 1) if data_format == "channels_first" else out


@op
def space_to_depth(x, block_size, data_format="channels_last"):
    """Moves `block_size x block_size` spatial patches into channels (inverse of `depth_to_space`)."""
    x = _t(x)
    x = torch.movedim(x, 1, -1) if _data_format(data_format) == "channels_first" else x
    n, h, w, c = x.shape
    b = block_size
    out = x.reshape(n, h // b, b, w // b, b, c).permute(0, 1, 3, 2, 4, 5).reshape(n, h // b, w // b, b * b * c)
    return torch.movedim(out, -1, 1) if data_format == "channels_first" else out


@op
def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    """Sliding blocks of a channels-first `(N, C, H, W)` tensor as columns `(N, C * kh * kw, L)`."""
    return F.unfold(_t(x), kernel_size, dilation=dilation, padding=padding, stride=stride)


@op
def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Sums columns of blocks back into a channels-first image (inverse layout of `unfold`)."""
    return F.fold(_t(x), output_size, kernel_size, dilation=dilation, padding=padding, stride=stride)


@op
def polar(abs_, angle):
    """The complex number with magnitude `abs_` and phase `angle`."""
    return torch.polar(_t(abs_), _t(angle))


@op
def ctc_loss(target, output, target_length, output_length, mask_index=0):
    """CTC loss per batch element; `output` holds logits `(batch, time, classes)`, `mask_index` is the blank."""
    target, output = _t(target), _t(output)
    log_probs = F.log_softmax(output.float() if output.dtype == torch.float16 else output, dim=-1)
    loss = F.ctc_loss(log_probs.transpose(0, 1), target.long(), _t(output_length).long(),
                      _t(target_length).long(), blank=mask_index, reduction="none")
    return loss.to(output.dtype)


@op
def ctc_decode(inputs, sequence_lengths, strategy="greedy", beam_width=100, top_paths=1, merge_repeated=True,
               mask_index=0):
    """Greedy CTC decoding: best class per step, repeats merged, blanks dropped; returns (paths, scores)."""
    if strategy != "greedy":
        raise ValueError(f"Only the 'greedy' strategy is supported in kerastorch. Received: strategy={strategy}")
    inputs = _t(inputs)
    lengths = _t(sequence_lengths).long()
    log_probs = F.log_softmax(inputs.float(), dim=-1)
    best, indices = log_probs.max(-1)
    steps = torch.arange(inputs.shape[1], device=inputs.device)
    valid = steps[None, :] < lengths[:, None]
    keep = valid & (indices != mask_index)
    if merge_repeated:
        repeated = torch.cat([torch.zeros_like(indices[:, :1], dtype=torch.bool), indices[:, 1:] == indices[:, :-1]], 1)
        keep = keep & ~repeated
    # Stable compaction: kept labels first in order, -1 after.
    order = torch.argsort((~keep).to(torch.int8), dim=1, stable=True)
    decoded = torch.where(torch.gather(keep, 1, order), torch.gather(indices, 1, order), -1)
    scores = -(best * valid).sum(1, keepdim=True)
    return decoded.unsqueeze(0).to(torch.int32), scores.to(inputs.dtype)


__all__ = [
    "conv", "depthwise_conv", "separable_conv", "conv_transpose", "max_pool", "average_pool",
    "adaptive_average_pool", "adaptive_max_pool", "dot_product_attention", "depth_to_space", "space_to_depth",
    "unfold", "fold", "polar", "ctc_loss", "ctc_decode",
]
