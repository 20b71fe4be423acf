"""`GroupedQueryAttention`: attention where groups of query heads share one key/value head."""

import math

import torch

from kerastorch import constraints
from kerastorch import initializers
from kerastorch import regularizers
from kerastorch.backend import config as backend_config
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.activations.softmax import Softmax
from kerastorch.layers.attention import _utils
from kerastorch.layers.core.einsum_dense import EinsumDense
from kerastorch.layers.layer import Layer
from kerastorch.layers.regularization.dropout import Dropout


class GroupedQueryAttention(Layer):
    """Grouped-query attention (Ainslie et al., 2023): `num_query_heads` query heads share
    `num_key_value_heads` key and value heads, `num_query_heads // num_key_value_heads` query heads each.
    With one key/value head this is multi-query attention; with as many as query heads, multi-head attention.

    Without dropout or returned scores, torch's `scaled_dot_product_attention` does the work (its grouped
    mode, so the key and value heads are not copied); otherwise the scores are computed explicitly.

    Published in Keras as `keras.layers.GroupQueryAttention`, the name Keras writes as its configs' `class_name`.

    Args:
        head_dim: Size of each attention head.
        num_query_heads: Number of query heads.
        num_key_value_heads: Number of key and value heads; must divide `num_query_heads`.
        dropout: Dropout rate of the attention weights (explicit path).
        use_bias: Whether the projections have biases.
        sliding_window: Optional positive int: query `i` only attends to keys `j` with `|i - j| < sliding_window`.
        flash_attention: Which kernel the fused path may use: True requires torch's flash attention kernel (torch
            raises for inputs it cannot take), False rules it out, None follows
            `keras.config.enable_flash_attention()` / `disable_flash_attention()` at creation (by default torch
            picks). Not in the config.
        kernel_initializer, bias_initializer: Initializers of the projections.
        kernel_regularizer, bias_regularizer, activity_regularizer: Regularizers of the projections.
        kernel_constraint, bias_constraint: Constraints of the projections.
        use_gate: Whether to gate the attention output with `sigmoid(gate(query))`.
        seed: Integer seed for the dropout, or None.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        query: `(B, T, dim)`.
        value: `(B, S, dim)`.
        key: Optional `(B, S, dim)`; default `value`.
        query_mask, value_mask, key_mask: Optional padding masks; taken from the inputs' Keras masks when not
            given.
        attention_mask: Optional boolean mask `(B, T, S)`: True where attention is allowed.
        return_attention_scores: Whether to also return the attention weights `(B, num_query_heads, T, S)`.
        training: Whether to apply the dropout.
        use_causal_mask: Whether query position `i` may only attend to key positions `j <= i`.

    Output:
        `(B, T, dim)`, and optionally the attention weights.

    Weights:
        `query`, `key`, (`gate`,) `value`, `attention_output` sub-layers' `kernel` and `bias`, in that order.
    """

    _keras_class_name = "GroupQueryAttention"  # what Keras writes as `class_name` (see serialization_lib)

    def __init__(self, head_dim, num_query_heads, num_key_value_heads, dropout=0.0, use_bias=True,
                 sliding_window=None, flash_attention=None, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, use_gate=False, seed=None, **kwargs):
        super().__init__(**kwargs)
        for arg, value in (("head_dim", head_dim), ("num_query_heads", num_query_heads),
                           ("num_key_value_heads", num_key_value_heads)):
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(
                    f"GroupedQueryAttention layer '{self.name}': `{arg}` must be a positive integer. "
                    f"Received: {arg}={value!r}"
                )
        if num_query_heads % num_key_value_heads:
            raise ValueError(
                f"GroupedQueryAttention layer '{self.name}': `num_query_heads` must be divisible by "
                f"`num_key_value_heads`. Received: num_query_heads={num_query_heads}, "
                f"num_key_value_heads={num_key_value_heads}"
            )
        if sliding_window is not None and (isinstance(sliding_window, bool) or not isinstance(sliding_window, int)
                                           or sliding_window <= 0):
            raise ValueError(
                f"GroupedQueryAttention layer '{self.name}': `sliding_window` must be None or a positive integer. "
                f"Received: sliding_window={sliding_window!r}"
            )
        if flash_attention and dropout > 0.0:
            raise ValueError(
                f"GroupedQueryAttention layer '{self.name}': dropout is not supported with flash attention. "
                f"Received: dropout={dropout}, flash_attention={flash_attention}"
            )
        self.supports_masking = True
        self.head_dim = head_dim
        self.num_query_heads = num_query_heads
        self.num_key_value_heads = num_key_value_heads
        self.num_repeats = num_query_heads // num_key_value_heads
        self.dropout = dropout
        self.use_bias = use_bias
        self.use_gate = use_gate
        self.sliding_window = sliding_window
        # An explicit argument wins; None follows keras.config.enable/disable_flash_attention() at creation.
        if flash_attention is None:
            flash_attention = backend_config.is_flash_attention_enabled()
        self._flash_attention = flash_attention
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        # As Keras: the activity regularizer applies to each projection's output, not to this layer's.
        self._projection_activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.seed = seed
        self._inverse_sqrt_head_dim = 1.0 / math.sqrt(float(self.head_dim))

    def _sublayer_kwargs(self):
        return {
            "kernel_regularizer": self.kernel_regularizer,
            "bias_regularizer": self.bias_regularizer,
            "activity_regularizer": self._projection_activity_regularizer,
            "kernel_constraint": self.kernel_constraint,
            "bias_constraint": self.bias_constraint,
            "dtype": self.dtype_policy,
            "kernel_initializer": self.kernel_initializer.__class__.from_config(self.kernel_initializer.get_config()),
            "bias_initializer": self.bias_initializer.__class__.from_config(self.bias_initializer.get_config()),
        }

    def build(self, query_shape, value_shape, key_shape=None):
        key_shape = value_shape if key_shape is None else key_shape
        self.feature_dim = query_shape[-1]
        heads, kv_heads, dim = self.num_query_heads, self.num_key_value_heads, self.head_dim
        self._query_dense = EinsumDense("bqm,muh->bquh", output_shape=(None, heads, dim), name="query",
                                        bias_axes="uh" if self.use_bias else None, **self._sublayer_kwargs())
        self._query_dense.build(query_shape)
        self._key_dense = EinsumDense("bkm,mvh->bkvh", output_shape=(None, kv_heads, dim), name="key",
                                      bias_axes="vh" if self.use_bias else None, **self._sublayer_kwargs())
        self._key_dense.build(key_shape)
        if self.use_gate:
            self._gate_dense = EinsumDense("bqm,muh->bquh", output_shape=(None, heads, dim), activation="sigmoid",
                                           name="gate", bias_axes="uh" if self.use_bias else None,
                                           **self._sublayer_kwargs())
            self._gate_dense.build(query_shape)
        self._value_dense = EinsumDense("bkm,mvh->bkvh", output_shape=(None, kv_heads, dim), name="value",
                                        bias_axes="vh" if self.use_bias else None, **self._sublayer_kwargs())
        self._value_dense.build(value_shape)
        self._softmax = Softmax(axis=-1, dtype=self.dtype_policy)
        self._dropout_layer = Dropout(rate=self.dropout, dtype=self.dtype_policy, seed=self.seed)
        self._dot_product_equation = "bquh,bkuh->buqk"
        self._combine_equation = "buqk,bkuh->bquh"
        self._output_dense = EinsumDense("bquh,uhm->bqm", output_shape=(None, self.feature_dim),
                                         name="attention_output", bias_axes="m" if self.use_bias else None,
                                         **self._sublayer_kwargs())
        self._output_dense.build((None, None, heads, dim))
        self.built = True

    def call(self, query, value, key=None, query_mask=None, value_mask=None, key_mask=None, attention_mask=None,
             return_attention_scores=False, training=None, use_causal_mask=False):
        key_given = key is not None
        if key is None:
            key = value
        # Keras fills the masks of the tensor arguments from their Keras masks when they are not given.
        if query_mask is None:
            query_mask = getattr(query, "_keras_mask", None)
        if value_mask is None:
            value_mask = getattr(value, "_keras_mask", None)
        if key_mask is None and key_given:
            key_mask = getattr(key, "_keras_mask", None)
        causal_only = (
            use_causal_mask and query_mask is None and value_mask is None and key_mask is None
            and attention_mask is None and self.sliding_window is None
            and type(self)._compute_attention is GroupedQueryAttention._compute_attention
        )
        if not causal_only:
            attention_mask = _utils.combined_attention_mask(query, value, query_mask, value_mask, key_mask,
                                                            attention_mask, use_causal_mask, self.sliding_window)
        query, value, key = _utils.strip_mask(query), _utils.strip_mask(value), _utils.strip_mask(key)
        gate = self._gate_dense(query) if self.use_gate else None
        query = self._query_dense(query)
        key = self._key_dense(key)
        value = self._value_dense(value)
        outputs, scores = self._compute_attention(query, key, value, attention_mask, training,
                                                  return_attention_scores, use_causal_mask=causal_only)
        outputs = self._output_dense(outputs if gate is None else outputs * gate)
        return (outputs, scores) if return_attention_scores else outputs

    def _compute_attention(self, query, key, value, attention_mask=None, training=None,
                           return_attention_scores=False, use_causal_mask=False):
        if not (self.dropout > 0.0 or return_attention_scores or query.ndim != 4):
            return _utils.dot_product_attention(query, key, value, attention_mask, self._inverse_sqrt_head_dim,
                                                use_causal_mask, self._flash_attention), None
        key = torch.repeat_interleave(key, self.num_repeats, dim=2)
        value = torch.repeat_interleave(value, self.num_repeats, dim=2)
        if use_causal_mask:
            causal = _utils.causal_mask(query.shape[1], value.shape[1], query.device)
            attention_mask = causal if attention_mask is None else attention_mask.bool() & causal
        query = query * self._inverse_sqrt_head_dim
        scores = torch.einsum(self._dot_product_equation, query, key)
        if attention_mask is not None:
            while attention_mask.ndim < scores.ndim:
                attention_mask = attention_mask.unsqueeze(-3)
        scores = self._softmax(scores, mask=attention_mask)
        weights = self._dropout_layer(scores, training=training) if self.dropout > 0.0 else scores
        return torch.einsum(self._combine_equation, weights, value), scores

    def compute_output_shape(self, query_shape, value_shape, key_shape=None):
        key_shape = value_shape if key_shape is None else key_shape
        if query_shape[-1] != value_shape[-1]:
            raise ValueError(
                f"GroupedQueryAttention layer '{self.name}': the last axes of `query` and `value` must be equal. "
                f"Received: query_shape={tuple(query_shape)}, value_shape={tuple(value_shape)}"
            )
        if tuple(value_shape[1:-1]) != tuple(key_shape[1:-1]):
            raise ValueError(
                f"GroupedQueryAttention layer '{self.name}': `value` and `key` must have the same shape except "
                f"for the last axis. Received: value_shape={tuple(value_shape)}, key_shape={tuple(key_shape)}"
            )
        return tuple(query_shape)

    def compute_output_spec(self, query, value, key=None, return_attention_scores=False, **kwargs):
        shape = self.compute_output_shape(query.shape, value.shape, None if key is None else key.shape)
        outputs = KerasTensor(shape, dtype=self.compute_dtype)
        if getattr(query, "_keras_mask", None) is not None:
            outputs._keras_mask = query._keras_mask
        if not return_attention_scores:
            return outputs
        source = value if key is None else key
        scores_shape = (query.shape[0], self.num_query_heads, query.shape[1], source.shape[1])
        return outputs, KerasTensor(scores_shape, dtype=self.compute_dtype)

    def get_config(self):
        return {
            **super().get_config(),
            "head_dim": self.head_dim,
            "num_query_heads": self.num_query_heads,
            "num_key_value_heads": self.num_key_value_heads,
            "use_bias": self.use_bias,
            "use_gate": self.use_gate,
            "sliding_window": self.sliding_window,
            "dropout": self.dropout,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self._projection_activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "seed": self.seed,
        }

    def extra_repr(self):
        return (f"name={self.name!r}, head_dim={self.head_dim}, num_query_heads={self.num_query_heads}, "
                f"num_key_value_heads={self.num_key_value_heads}")
