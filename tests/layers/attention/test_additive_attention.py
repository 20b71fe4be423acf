"""AdditiveAttention: contract, hand-computed scores, config without score_mode."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, trainable", [({}, 1), ({"use_scale": False}, 0)])
def test_contract(kwargs, trainable):
    run_layer_test(keras.layers.AdditiveAttention, kwargs, input_shape=[(2, 3, 4), (2, 5, 4)],
                   expected_output_shape=(2, 3, 4), expected_num_trainable_weights=trainable, supports_masking=True)


def test_scores_by_hand():
    q, v = torch.randn(2, 3, 4), torch.randn(2, 5, 4)
    layer = keras.layers.AdditiveAttention()
    out, scores = layer([q, v], return_attention_scores=True)
    logits = (layer.scale * torch.tanh(q[:, :, None, :] + v[:, None, :, :])).sum(-1)
    torch.testing.assert_close(scores, torch.softmax(logits, -1))
    torch.testing.assert_close(out, scores @ v)
    assert "score_mode" not in layer.get_config() and tuple(layer.scale.shape) == (4,)
