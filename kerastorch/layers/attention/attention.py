"""`Attention`: dot-product (Luong-style) attention over a list of query, value and key tensors."""

import torch

from kerastorch.backend import random as backend_random
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.attention import _utils
from kerastorch.layers.layer import Layer


class Attention(Layer):
    """Dot-product attention, a.k.a. Luong-style attention.

    Given `query` `(batch_size, Tq, dim)`, `value` `(batch_size, Tv, dim)` and optional `key`
    `(batch_size, Tv, dim)` (default: `value`), the layer computes scores `(batch_size, Tq, Tv)` (the
    query-key dot products, or with `score_mode="concat"` `sum(tanh(query + key))`), takes their softmax over
    `Tv` and returns the weighted sum of the values, `(batch_size, Tq, dim)`.

    Args:
        use_scale: Whether to learn a scalar `scale` multiplying the scores.
        score_mode: `"dot"` or `"concat"`.
        dropout: Float between 0 and 1, the fraction of attention weights to drop in training.
        seed: Integer seed for the dropout, or None.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        inputs: List `[query, value]` or `[query, value, key]`.
        mask: List `[query_mask, value_mask]` of boolean tensors `(batch_size, Tq)`, `(batch_size, Tv)`:
            masked values get no attention, masked query positions give zero outputs. Taken from the inputs'
            Keras masks when not given.
        training: Whether to apply the dropout.
        return_attention_scores: Whether to also return the attention weights.
        use_causal_mask: Whether position `i` may only attend to positions `j <= i`.

    Output:
        The attention outputs `(batch_size, Tq, dim)` and, optionally, the weights `(batch_size, Tq, Tv)`.

    Weights:
        `scale` (a scalar, with `use_scale`), then `concat_score_weight` (a scalar, with `score_mode="concat"`).
    """

    def __init__(self, use_scale=False, score_mode="dot", dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.use_scale = use_scale
        self.score_mode = score_mode
        self.dropout = dropout
        self.seed = seed
        if self.dropout > 0:
            self.seed_generator = backend_random.SeedGenerator(seed=seed)
        if self.score_mode not in ("dot", "concat"):
            raise ValueError(
                f"{type(self).__name__} layer '{self.name}': `score_mode` must be 'dot' or 'concat'. "
                f"Received: score_mode={score_mode!r}"
            )
        self.supports_masking = True
        self.scale = None
        self.concat_score_weight = None

    def build(self, input_shape):
        self._validate_inputs(input_shape)
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones")
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(name="concat_score_weight", shape=(), initializer="ones")
        self.built = True

    def _calculate_scores(self, query, key):
        if self.score_mode == "dot":
            scores = torch.matmul(query, key.transpose(-2, -1))
            return scores if self.scale is None else scores * self.scale
        # (..., Tq, 1, dim) + (..., 1, Tv, dim): every query-key pair, summed over the features.
        pairs = query.unsqueeze(-2) + key.unsqueeze(-3)
        if self.scale is not None:
            pairs = self.scale * pairs
        return self.concat_score_weight * torch.sum(torch.tanh(pairs), dim=-1)

    def _apply_scores(self, scores, value, scores_mask=None, training=False):
        if scores_mask is not None:
            # Keras subtracts a large number (not -inf) from masked scores: fully masked rows stay finite.
            large = 65504.0 if scores.dtype == torch.float16 else 1.0e9
            padding = ~scores_mask
            if padding.ndim == 2:
                padding = padding.unsqueeze(-2)
            scores = torch.where(padding, scores - large, scores)
        weights = torch.softmax(scores, dim=-1)
        if training and self.dropout > 0:
            weights = _utils.dropout(weights, self.dropout, self.seed_generator, self.seed is not None)
        return torch.matmul(weights, value), weights

    def _calculate_score_mask(self, scores, value_mask, use_causal_mask):
        if not use_causal_mask:
            return value_mask
        causal = _utils.causal_mask(scores.shape[-2], scores.shape[-1], scores.device)
        if value_mask is None:
            return causal
        return value_mask.bool().unsqueeze(-2) & causal

    def call(self, inputs, mask=None, training=False, return_attention_scores=False, use_causal_mask=False):
        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        query_mask = mask[0] if mask else None
        value_mask = mask[1] if mask else None
        if value_mask is not None:
            value_mask = value_mask.bool()
        scores = self._calculate_scores(query=query, key=key)
        scores_mask = self._calculate_score_mask(scores, value_mask, use_causal_mask)
        outputs, weights = self._apply_scores(scores, value, scores_mask=scores_mask, training=training)
        if query_mask is not None:
            outputs = torch.where(query_mask.bool().unsqueeze(-1), outputs, 0.0)
        return (outputs, weights) if return_attention_scores else outputs

    def compute_mask(self, inputs, mask=None):
        self._validate_inputs(inputs, mask)
        if mask is None or mask[0] is None:
            return None
        return mask[0]

    def compute_output_shape(self, input_shape):
        return (*input_shape[0][:-1], input_shape[1][-1])

    def compute_output_spec(self, inputs, mask=None, return_attention_scores=False, training=None,
                            use_causal_mask=False):
        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        outputs = KerasTensor(self.compute_output_shape([query.shape, value.shape, key.shape]), dtype=self.compute_dtype)
        if query._keras_mask is not None:
            outputs._keras_mask = query._keras_mask
        if return_attention_scores:
            return outputs, KerasTensor((*query.shape[:-1], key.shape[-2]), dtype=self.compute_dtype)
        return outputs

    def _validate_inputs(self, inputs, mask=None):
        name = type(self).__name__
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"{name} layer '{self.name}' must be called on a list of inputs, [query, value] or "
                f"[query, value, key]. Received: inputs={inputs}"
            )
        if not 2 <= len(inputs) <= 3:
            raise ValueError(
                f"{name} layer '{self.name}' takes a list of 2 or 3 inputs, [query, value] or [query, value, key]. "
                f"Received: len(inputs)={len(inputs)}"
            )
        if mask is not None:
            if not isinstance(mask, (list, tuple)):
                raise ValueError(
                    f"{name} layer '{self.name}': `mask` must be a list [query_mask, value_mask]. Received: mask={mask}"
                )
            if not 2 <= len(mask) <= 3:
                raise ValueError(
                    f"{name} layer '{self.name}': `mask` must be a list of 2 or 3 masks. "
                    f"Received: len(mask)={len(mask)}"
                )

    def get_config(self):
        return {
            **super().get_config(),
            "use_scale": self.use_scale,
            "score_mode": self.score_mode,
            "dropout": self.dropout,
            "seed": self.seed,
        }
