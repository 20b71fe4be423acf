"""The attention layers. `__all__` lists the public classes; keras.layers re-exports them."""

from kerastorch.layers.attention.additive_attention import AdditiveAttention
from kerastorch.layers.attention.attention import Attention
from kerastorch.layers.attention.grouped_query_attention import GroupedQueryAttention
from kerastorch.layers.attention.multi_head_attention import MultiHeadAttention

# EinsumDense lives in core/ (where Keras has it); it is exported from here until core gets an `__all__`.
from kerastorch.layers.core.einsum_dense import EinsumDense

# Keras publishes the class as `GroupQueryAttention` and writes that name into configs; the class's own name,
# `GroupedQueryAttention`, must resolve too.
GroupQueryAttention = GroupedQueryAttention

__all__ = [
    "AdditiveAttention",
    "Attention",
    "EinsumDense",
    "GroupQueryAttention",
    "GroupedQueryAttention",
    "MultiHeadAttention",
]
