"""`MultiHeadAttention`: scaled dot-product attention with learned projections, over several heads."""

import math
import string

import torch

from kerastorch import constraints
from kerastorch import initializers
from kerastorch import regularizers
from kerastorch.backend import config as backend_config
from kerastorch.backend import symbolic
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.activations.softmax import Softmax
from kerastorch.layers.attention import _utils
from kerastorch.layers.core.einsum_dense import EinsumDense
from kerastorch.layers.layer import Layer
from kerastorch.layers.regularization.dropout import Dropout


class MultiHeadAttention(Layer):
    """Multi-head attention (Vaswani et al., 2017).

    The query, key and value are projected into `num_heads` heads (`EinsumDense` sub-layers `query`, `key`,
    `value`), each head computes `softmax(q . k / sqrt(key_dim)) . v` over the `attention_axes`, and the heads
    are projected back (`attention_output`) to the query's last size (or to `output_shape`). With
    `attention_axes=None` the attention runs over all axes between the batch and the features.

    On rank-3 inputs without dropout or returned scores, torch's `scaled_dot_product_attention` does the work
    (fused kernels); otherwise the scores are computed explicitly, as Keras does.

    Args:
        num_heads: Number of attention heads.
        key_dim: Size of each head for query and key.
        value_dim: Size of each head for value (default `key_dim`).
        dropout: Dropout rate of the attention weights (explicit path).
        use_bias: Whether the projections have biases.
        output_shape: The output's feature shape (an int or tuple); default the query's last axis.
        attention_axes: Axes (of the inputs) attention runs over; None for all but batch and features.
        sliding_window: Optional positive int: query `i` only attends to keys `j` with `|i - j| < sliding_window`.
        flash_attention: Which kernel the fused path may use: True requires torch's flash attention kernel (torch
            raises for inputs it cannot take), False rules it out, None follows
            `keras.config.enable_flash_attention()` / `disable_flash_attention()` at creation (by default torch
            picks). Not in the config.
        kernel_initializer, bias_initializer: Initializers of the projections.
        kernel_regularizer, bias_regularizer, activity_regularizer: Regularizers of the projections (the
            activity regularizer applies to each projection's output, as in Keras).
        kernel_constraint, bias_constraint: Constraints of the projections.
        use_gate: Whether to gate the attention output with `sigmoid(gate(query))` (adds a `gate` projection).
        seed: Integer seed for the dropout, or None.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        query: `(B, T, dim)` (or any rank, with `attention_axes`).
        value: `(B, S, dim)`.
        key: Optional `(B, S, dim)`; default `value`.
        query_mask, value_mask, key_mask: Optional padding masks `(B, T)`, `(B, S)`, `(B, S)`; taken from the
            inputs' Keras masks when not given (the query's always is, as in Keras).
        attention_mask: Optional boolean mask `(B, T, S)`: True where attention is allowed.
        return_attention_scores: Whether to also return the attention weights `(B, num_heads, T, S)`.
        training: Whether to apply the dropout.
        use_causal_mask: Whether query position `i` may only attend to key positions `j <= i`.

    Weights:
        `query/kernel`, `query/bias`, `key/kernel`, `key/bias`, (`gate/...`,) `value/kernel`, `value/bias`,
        `attention_output/kernel`, `attention_output/bias`: Keras's sub-layers, shapes and order.
    """

    def __init__(self, num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True, output_shape=None,
                 attention_axes=None, sliding_window=None, flash_attention=None, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, use_gate=False, seed=None, **kwargs):
        super().__init__(**kwargs)
        for arg, value in (("num_heads", num_heads), ("key_dim", key_dim)):
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(
                    f"MultiHeadAttention layer '{self.name}': `{arg}` must be a positive integer. "
                    f"Received: {arg}={value!r}"
                )
        if value_dim is not None and (isinstance(value_dim, bool) or not isinstance(value_dim, int) or value_dim <= 0):
            raise ValueError(
                f"MultiHeadAttention layer '{self.name}': `value_dim` must be a positive integer or None. "
                f"Received: value_dim={value_dim!r}"
            )
        self.supports_masking = True
        self._num_heads = num_heads
        self._key_dim = key_dim
        self._value_dim = value_dim if value_dim else key_dim
        self._dropout = dropout
        self._use_bias = use_bias
        self._use_gate = use_gate
        if output_shape:
            if isinstance(output_shape, int):
                output_shape = (output_shape,)
            try:
                output_shape = tuple(output_shape)
            except TypeError:
                raise ValueError(
                    f"MultiHeadAttention layer '{self.name}': `output_shape` must be an int, a tuple or a list. "
                    f"Received: output_shape={output_shape!r}"
                ) from None
        self._output_shape = output_shape
        # An explicit argument wins; None follows keras.config.enable/disable_flash_attention() at creation.
        if flash_attention is None:
            flash_attention = backend_config.is_flash_attention_enabled()
        self._flash_attention = flash_attention
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = regularizers.get(kernel_regularizer)
        self._bias_regularizer = regularizers.get(bias_regularizer)
        self._activity_regularizer = regularizers.get(activity_regularizer)
        self._kernel_constraint = constraints.get(kernel_constraint)
        self._bias_constraint = constraints.get(bias_constraint)
        if isinstance(attention_axes, int):
            attention_axes = (attention_axes,)
        elif attention_axes and not isinstance(attention_axes, (list, tuple)):
            raise ValueError(
                f"MultiHeadAttention layer '{self.name}': `attention_axes` must be an int, a list or a tuple. "
                f"Received: attention_axes={attention_axes!r}"
            )
        self._attention_axes = attention_axes
        if sliding_window is not None and (isinstance(sliding_window, bool) or not isinstance(sliding_window, int)
                                           or sliding_window <= 0):
            raise ValueError(
                f"MultiHeadAttention layer '{self.name}': `sliding_window` must be None or a positive integer. "
                f"Received: sliding_window={sliding_window!r}"
            )
        self._sliding_window = sliding_window
        self.seed = seed
        self._inverse_sqrt_key_dim = 1.0 / math.sqrt(float(self._key_dim))
        if flash_attention and dropout > 0.0:
            raise ValueError(
                f"MultiHeadAttention layer '{self.name}': dropout is not supported with flash attention. "
                f"Received: dropout={dropout}, flash_attention={flash_attention}"
            )

    num_heads = property(lambda self: self._num_heads)
    key_dim = property(lambda self: self._key_dim)
    value_dim = property(lambda self: self._value_dim)
    dropout = property(lambda self: self._dropout)
    use_bias = property(lambda self: self._use_bias)
    attention_axes = property(lambda self: self._attention_axes)
    query_dense = property(lambda self: self._query_dense)
    key_dense = property(lambda self: self._key_dense)
    value_dense = property(lambda self: self._value_dense)
    output_dense = property(lambda self: self._output_dense)

    # ------------------------------------------------------------------ build
    def _sublayer_kwargs(self):
        # Each projection gets its own copy of the initializers, as in Keras.
        return {
            "kernel_regularizer": self._kernel_regularizer,
            "bias_regularizer": self._bias_regularizer,
            "activity_regularizer": self._activity_regularizer,
            "kernel_constraint": self._kernel_constraint,
            "bias_constraint": self._bias_constraint,
            "dtype": self.dtype_policy,
            "kernel_initializer": self._kernel_initializer.__class__.from_config(self._kernel_initializer.get_config()),
            "bias_initializer": self._bias_initializer.__class__.from_config(self._bias_initializer.get_config()),
        }

    def _projection(self, input_rank, heads_dim, name, activation=None):
        equation, bias_axes, output_rank = _projection_equation(input_rank - 1, bound_dims=1, output_dims=2)
        return EinsumDense(equation, output_shape=[None] * (output_rank - 3) + [self._num_heads, heads_dim],
                           bias_axes=bias_axes if self._use_bias else None, activation=activation, name=name,
                           **self._sublayer_kwargs())

    def build(self, query_shape, value_shape, key_shape=None):
        key_shape = value_shape if key_shape is None else key_shape
        if tuple(value_shape[1:-1]) != tuple(key_shape[1:-1]):
            raise ValueError(
                f"MultiHeadAttention layer '{self.name}': `value` and `key` must have the same shape except for "
                f"the last axis. Received: value_shape={tuple(value_shape)}, key_shape={tuple(key_shape)}"
            )
        self._query_dense = self._projection(len(query_shape), self._key_dim, "query")
        self._query_dense.build(query_shape)
        self._key_dense = self._projection(len(key_shape), self._key_dim, "key")
        self._key_dense.build(key_shape)
        if self._use_gate:
            self._gate_dense = self._projection(len(query_shape), self._value_dim, "gate", activation="sigmoid")
            self._gate_dense.build(query_shape)
        self._value_dense = self._projection(len(value_shape), self._value_dim, "value")
        self._value_dense.build(value_shape)
        self._build_attention(len(value_shape) + 1)
        output_shape = self._output_shape or [query_shape[-1]]
        equation, bias_axes, output_rank = _projection_equation(len(query_shape) - 1, bound_dims=2,
                                                                output_dims=len(output_shape))
        self._output_dense = EinsumDense(equation, output_shape=[None] * (output_rank - 1 - len(output_shape))
                                         + list(output_shape), bias_axes=bias_axes if self._use_bias else None,
                                         name="attention_output", **self._sublayer_kwargs())
        projected = list(self._query_dense.compute_output_shape(query_shape))
        projected[-1] = self._value_dim
        self._output_dense.build(tuple(projected))
        self.built = True

    def _build_attention(self, rank):
        if self._attention_axes is None:
            self._attention_axes = tuple(range(1, rank - 2))
        else:
            self._attention_axes = tuple(axis if axis >= 0 else (rank - 1) + axis for axis in self._attention_axes)
        self._dot_product_equation, self._combine_equation, scores_rank = _attention_equations(
            rank, self._attention_axes
        )
        norm_axes = tuple(range(scores_rank - len(self._attention_axes), scores_rank))
        self._softmax = Softmax(axis=norm_axes, dtype=self.dtype_policy)
        self._dropout_layer = Dropout(rate=self._dropout, dtype=self.dtype_policy, seed=self.seed)

    # ------------------------------------------------------------------ call
    def call(self, query, value, key=None, query_mask=None, value_mask=None, key_mask=None, attention_mask=None,
             return_attention_scores=False, training=None, use_causal_mask=False):
        key_given = key is not None
        if key is None:
            key = value
        # As Keras: the query's mask always comes from the query; value and key masks fill in when not given.
        query_mask = getattr(query, "_keras_mask", None)
        if value_mask is None:
            value_mask = getattr(value, "_keras_mask", None)
        if key_mask is None and key_given:
            key_mask = getattr(key, "_keras_mask", None)
        causal_only = (
            use_causal_mask and query_mask is None and value_mask is None and key_mask is None
            and attention_mask is None and self._sliding_window is None
            and type(self)._compute_attention is MultiHeadAttention._compute_attention
        )
        if not causal_only:
            attention_mask = _utils.combined_attention_mask(query, value, query_mask, value_mask, key_mask,
                                                            attention_mask, use_causal_mask, self._sliding_window)
        query, value, key = _utils.strip_mask(query), _utils.strip_mask(value), _utils.strip_mask(key)
        gate = self._gate_dense(query) if self._use_gate else None
        query = self._query_dense(query)
        key = self._key_dense(key)
        value = self._value_dense(value)
        outputs, scores = self._compute_attention(query, key, value, attention_mask, training,
                                                  return_attention_scores, use_causal_mask=causal_only)
        outputs = self._output_dense(outputs if gate is None else outputs * gate)
        if query_mask is not None:
            outputs._keras_mask = query_mask
        return (outputs, scores) if return_attention_scores else outputs

    def _compute_attention(self, query, key, value, attention_mask=None, training=None,
                           return_attention_scores=False, use_causal_mask=False):
        fused = not (self._dropout > 0.0 or return_attention_scores or query.ndim != 4)
        if fused:
            return _utils.dot_product_attention(query, key, value, attention_mask, self._inverse_sqrt_key_dim,
                                                use_causal_mask, self._flash_attention), None
        if use_causal_mask:
            causal = _utils.causal_mask(query.shape[1], value.shape[1], query.device)
            attention_mask = causal if attention_mask is None else attention_mask.bool() & causal
        query = query * self._inverse_sqrt_key_dim
        scores = torch.einsum(self._dot_product_equation, key, query)
        scores = self._masked_softmax(scores, attention_mask)
        weights = self._dropout_layer(scores, training=training) if self._dropout > 0.0 else scores
        return torch.einsum(self._combine_equation, weights, value), scores

    def _masked_softmax(self, scores, attention_mask=None):
        if attention_mask is not None:
            # The mask has no heads axis: insert it (and any missing attention axes) before the query axes.
            axis = -len(self._attention_axes) * 2 - 1
            while attention_mask.ndim < scores.ndim:
                attention_mask = attention_mask.unsqueeze(axis)
        return self._softmax(scores, mask=attention_mask)

    # ------------------------------------------------------------------ shapes and config
    def compute_output_shape(self, query_shape, value_shape, key_shape=None):
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        if value_shape[1:-1] != key_shape[1:-1]:
            raise ValueError(
                f"MultiHeadAttention layer '{self.name}': `value` and `key` must have the same shape except for "
                f"the last axis. Received: value_shape={value_shape}, key_shape={key_shape}"
            )
        if self._output_shape:
            return query_shape[:-1] + tuple(self._output_shape)
        return query_shape

    def compute_output_spec(self, query, value, key=None, return_attention_scores=False, **kwargs):
        shape = self.compute_output_shape(query.shape, value.shape, None if key is None else key.shape)
        outputs = KerasTensor(shape, dtype=self.compute_dtype)
        if getattr(query, "_keras_mask", None) is not None:
            outputs._keras_mask = query._keras_mask
        if not return_attention_scores:
            return outputs
        source = value if key is None else key
        if len(query.shape) == 3:
            scores_shape = (query.shape[0], self._num_heads, query.shape[1], source.shape[1])
        else:
            with symbolic.real_tensors():
                scores_shape = self._scores_shape(query.shape, source.shape)
        return outputs, KerasTensor(scores_shape, dtype=self.compute_dtype)

    def _scores_shape(self, query_shape, key_shape):
        q = torch.empty([1] + list(query_shape[1:-1]) + [self._num_heads, self._key_dim], device="meta")
        k = torch.empty([1] + list(key_shape[1:-1]) + [self._num_heads, self._key_dim], device="meta")
        return (query_shape[0],) + tuple(torch.einsum(self._dot_product_equation, k, q).shape[1:])

    def get_config(self):
        return {
            **super().get_config(),
            "num_heads": self._num_heads,
            "key_dim": self._key_dim,
            "value_dim": self._value_dim,
            "dropout": self._dropout,
            "use_bias": self._use_bias,
            "use_gate": self._use_gate,
            "output_shape": self._output_shape,
            "attention_axes": self._attention_axes,
            "sliding_window": self._sliding_window,
            "kernel_initializer": initializers.serialize(self._kernel_initializer),
            "bias_initializer": initializers.serialize(self._bias_initializer),
            "kernel_regularizer": regularizers.serialize(self._kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self._bias_regularizer),
            "activity_regularizer": regularizers.serialize(self._activity_regularizer),
            "kernel_constraint": constraints.serialize(self._kernel_constraint),
            "bias_constraint": constraints.serialize(self._bias_constraint),
            "seed": self.seed,
        }

    def extra_repr(self):
        return f"name={self.name!r}, num_heads={self._num_heads}, key_dim={self._key_dim}"


def _projection_equation(free_dims, bound_dims, output_dims):
    """The einsum equation of a projection: `free_dims` axes passed through, `bound_dims` contracted with the
    kernel, `output_dims` new axes. Returns `(equation, bias_axes, output_rank)`."""
    letters = string.ascii_lowercase
    free = letters[:free_dims]
    bound = letters[free_dims:free_dims + bound_dims]
    new = letters[free_dims + bound_dims:free_dims + bound_dims + output_dims]
    return f"{free}{bound},{bound}{new}->{free}{new}", new, free_dims + output_dims


def _attention_equations(rank, attention_axes):
    """The einsum equations of the scores (`key, query -> scores`) and of the output (`scores, value ->
    output`) for projected tensors of `rank` axes (batch, attended axes..., heads, features)."""
    letters = string.ascii_lowercase
    target = letters[:rank]
    batch_dims = [i for i in range(rank) if i not in attention_axes and i != rank - 1]
    source, offset = "", rank
    for i in range(rank):
        if i in batch_dims or i == rank - 1:
            source += target[i]
        else:
            source += letters[offset]
            offset += 1
    product = "".join([target[i] for i in batch_dims] + [target[i] for i in attention_axes]
                      + [source[i] for i in attention_axes])
    return f"{source},{target}->{product}", f"{product},{source}->{target}", len(product)
