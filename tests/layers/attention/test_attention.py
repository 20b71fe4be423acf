"""Attention: contract, hand-computed scores, masks, causal mask, returned scores, errors."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, trainable", [({}, 0), ({"use_scale": True}, 1), ({"score_mode": "concat"}, 1),
                                               ({"use_scale": True, "score_mode": "concat"}, 2)])  # fmt: skip
def test_contract(kwargs, trainable):
    run_layer_test(keras.layers.Attention, kwargs, input_shape=[(2, 3, 4), (2, 5, 4)], expected_output_shape=(2, 3, 4),
                   expected_num_trainable_weights=trainable, supports_masking=True)


def test_dot_scores_by_hand():
    q, v = torch.randn(2, 3, 4), torch.randn(2, 5, 4)
    out, scores = keras.layers.Attention()([q, v], return_attention_scores=True)
    expected_scores = torch.softmax(q @ v.transpose(1, 2), dim=-1)
    torch.testing.assert_close(scores, expected_scores)
    torch.testing.assert_close(out, expected_scores @ v)


def test_masks():
    q, v = torch.randn(2, 3, 4), torch.randn(2, 5, 4)
    q_mask = torch.tensor([[True, False, True], [True, True, True]])
    v_mask = torch.tensor([[True, True, False, False, True], [True] * 5])
    out, scores = keras.layers.Attention()([q, v], mask=[q_mask, v_mask], return_attention_scores=True)
    assert torch.all(scores[0, :, 2:4] < 1e-6)
    assert torch.all(out[0, 1] == 0)


def test_causal_mask():
    x = torch.randn(1, 4, 2)
    _, scores = keras.layers.Attention()([x, x], use_causal_mask=True, return_attention_scores=True)
    assert torch.all(torch.triu(scores[0], diagonal=1) < 1e-6)


def test_output_mask_is_the_query_mask():
    q = torch.randn(2, 3, 4)
    q._keras_mask = torch.tensor([[True, False, True], [True, True, False]])
    out = keras.layers.Attention()([q, torch.randn(2, 5, 4)])
    assert torch.equal(out._keras_mask, q._keras_mask)


def test_symbolic_scores():
    q, v = keras.Input((3, 4)), keras.Input((5, 4))
    out, scores = keras.layers.Attention()([q, v], return_attention_scores=True)
    assert tuple(out.shape) == (None, 3, 4) and tuple(scores.shape) == (None, 3, 5)


def test_bad_arguments_and_inputs():
    with pytest.raises(ValueError, match="Received: score_mode='add'"):
        keras.layers.Attention(score_mode="add")
    with pytest.raises(ValueError, match="Received: inputs="):
        keras.layers.Attention()(torch.randn(2, 3, 4))
    with pytest.raises(ValueError, match=r"Received: len\(inputs\)=1"):
        keras.layers.Attention()([torch.randn(2, 3, 4)])
