"""`AdditiveAttention`: Bahdanau-style attention."""

import torch

from kerastorch.layers.attention.attention import Attention


class AdditiveAttention(Attention):
    """Additive attention, a.k.a. Bahdanau-style attention: the scores are
    `sum(scale * tanh(query + key), axis=-1)` for every query-key pair, then softmax over `Tv` and the weighted
    sum of the values, as in `Attention`.

    Args:
        use_scale: Whether to learn a per-feature `scale` vector (initialized with `"glorot_uniform"`).
        dropout: Float between 0 and 1, the fraction of attention weights to drop in training.
        seed: Integer seed for the dropout, or None.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        inputs, mask, training, return_attention_scores, use_causal_mask: As in `Attention`.

    Weights:
        `scale` of shape `(dim,)`, with `use_scale`.
    """

    def __init__(self, use_scale=True, dropout=0.0, **kwargs):
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape):
        self._validate_inputs(input_shape)
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(input_shape[0][-1],), initializer="glorot_uniform")
        self.built = True

    def _calculate_scores(self, query, key):
        pairs = torch.tanh(query.unsqueeze(-2) + key.unsqueeze(-3))
        scale = self.scale if self.use_scale else 1.0
        return torch.sum(scale * pairs, dim=-1)

    def get_config(self):
        config = super().get_config()
        del config["score_mode"]
        return config
