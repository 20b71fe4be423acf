"""Helpers shared by the attention layers (not re-exported)."""

import contextlib

import torch
import torch.nn.functional as F
from torch.nn.attention import SDPBackend
from torch.nn.attention import sdpa_kernel

from kerastorch.backend import random as backend_random
from kerastorch.backend import symbolic


def dropout(x, rate, seed_generator, seeded):
    """Keras's dropout of attention weights: a seeded layer draws its mask from its seed stream (so it gives
    Keras's numbers); an unseeded one takes torch's fused kernel, as Keras on torch does."""
    if rate >= 1.0:
        return torch.zeros_like(x)
    if not seeded or symbolic.is_fake(x):
        return F.dropout(x, p=rate, training=True)
    keep_prob = 1.0 - rate
    generator = backend_random.torch_generator(seed_generator, device=x.device)
    keep = torch.bernoulli(torch.full(x.shape, keep_prob, device=x.device), generator=generator).bool()
    return torch.where(keep, x / keep_prob, torch.zeros_like(x))


def causal_mask(q_length, v_length, device):
    """`(1, q_length, v_length)` booleans, True where query position i may attend to key position j <= i."""
    return torch.ones(q_length, v_length, dtype=torch.bool, device=device).tril().unsqueeze(0)


def sliding_window_mask(q_length, v_length, window, device):
    """`(1, q_length, v_length)` booleans, True where `|i - j| < window`."""
    rows = torch.arange(q_length, device=device).reshape(1, q_length, 1)
    cols = torch.arange(v_length, device=device).reshape(1, 1, v_length)
    return (rows - cols).abs() < window


def combined_attention_mask(query, value, query_mask, value_mask, key_mask, attention_mask, use_causal_mask,
                            sliding_window):
    """The `(B, T, S)` boolean mask Keras's MultiHeadAttention and GroupedQueryAttention build from the padding
    masks of the query, value and key, the causal and sliding-window masks, and `attention_mask`."""
    auto = None

    def combine(mask):
        return mask if auto is None else auto & mask

    if query_mask is not None:
        auto = query_mask.bool().unsqueeze(-1)
    if value_mask is not None:
        auto = combine(value_mask.bool().unsqueeze(-2))
    if key_mask is not None:
        auto = combine(key_mask.bool().unsqueeze(-2))
    if use_causal_mask:
        auto = combine(causal_mask(query.shape[1], value.shape[1], query.device))
    if sliding_window is not None:
        auto = combine(sliding_window_mask(query.shape[1], value.shape[1], sliding_window, query.device))
    if attention_mask is not None:
        attention_mask = attention_mask.bool()
    if auto is not None:
        attention_mask = auto if attention_mask is None else attention_mask & auto
    return attention_mask


def dot_product_attention(query, key, value, mask, scale, is_causal, flash_attention=None):
    """Keras's fused path on `(B, T, N, H)` projections: torch's scaled_dot_product_attention, a boolean mask
    turned into a large negative bias (so fully masked rows average all values, as in Keras), grouped heads
    broadcast by the kernel. `flash_attention`: None lets torch pick its kernel, False rules out the flash
    kernel, True requires it (torch raises a RuntimeError for inputs it cannot take)."""
    bias = None
    if mask is not None:
        while mask.ndim < 4:
            mask = mask.unsqueeze(-3)
        if is_causal:
            mask = mask & torch.ones(query.shape[1], key.shape[1], dtype=torch.bool, device=mask.device).tril()
        is_causal = False
        large_negative = -65500.0 * 0.7 if query.dtype == torch.float16 else -3.38953e38 * 0.7
        bias = torch.where(mask, 0.0, large_negative).to(query.dtype)
    q, k, v = query.transpose(1, 2), key.transpose(1, 2), value.transpose(1, 2)
    kernels = _SDPA_KERNELS.get(flash_attention)
    with contextlib.nullcontext() if kernels is None else sdpa_kernel(kernels):
        outputs = F.scaled_dot_product_attention(q, k, v, attn_mask=bias, is_causal=is_causal, scale=scale,
                                                 enable_gqa=k.shape[1] != q.shape[1])
    return outputs.transpose(1, 2)


_SDPA_KERNELS = {
    True: [SDPBackend.FLASH_ATTENTION],
    False: [SDPBackend.EFFICIENT_ATTENTION, SDPBackend.CUDNN_ATTENTION, SDPBackend.MATH],
}


def strip_mask(x):
    """A view of `x` without its Keras mask, so projection sub-layers do not see it (Keras clears the mask on
    the caller's tensor instead; a view leaves the caller's tensor alone)."""
    if x is None or getattr(x, "_keras_mask", None) is None:
        return x
    return x.view_as(x)
