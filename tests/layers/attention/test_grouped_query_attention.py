"""GroupedQueryAttention: contract, Keras's weights, equivalence with repeated heads, masks, errors."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import make_input_data
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, count", [({"head_dim": 2, "num_query_heads": 4, "num_key_value_heads": 2}, 8),
                                           ({"head_dim": 2, "num_query_heads": 2, "num_key_value_heads": 1, "use_bias": False, "use_gate": True}, 5)])  # fmt: skip
def test_contract(kwargs, count):
    value = make_input_data((2, 5, 6), seed=1)
    run_layer_test(keras.layers.GroupQueryAttention, kwargs, input_shape=(2, 4, 6), call_kwargs={"value": value},
                   expected_output_shape=(2, 4, 6), expected_num_trainable_weights=count, supports_masking=True,
                   run_symbolic_check=False, run_training_check=False)


def test_public_and_class_names():
    assert keras.layers.GroupQueryAttention is keras.layers.GroupedQueryAttention
    layer = keras.layers.GroupQueryAttention(2, 2, 1)
    serialized = keras.saving.serialize_keras_object(layer)
    assert serialized["class_name"] == "GroupQueryAttention"  # what real Keras 3.15.1 writes
    for name in ("GroupQueryAttention", "GroupedQueryAttention"):
        revived = keras.saving.deserialize_keras_object({**serialized, "class_name": name})
        assert type(revived) is keras.layers.GroupedQueryAttention


def test_weights_match_keras_layout():
    layer = keras.layers.GroupQueryAttention(head_dim=3, num_query_heads=4, num_key_value_heads=2)
    layer(torch.randn(2, 4, 6), torch.randn(2, 5, 6))
    assert all(w.path.startswith(layer.name + "/") for w in layer.weights)
    assert [(w.path.split("/", 1)[1], tuple(w.shape)) for w in layer.weights] == [
        ("query/kernel", (6, 4, 3)), ("query/bias", (4, 3)), ("key/kernel", (6, 2, 3)), ("key/bias", (2, 3)),
        ("value/kernel", (6, 2, 3)), ("value/bias", (2, 3)), ("attention_output/kernel", (4, 3, 6)),
        ("attention_output/bias", (6,)),
    ]  # fmt: skip


def test_fused_and_explicit_paths_agree_with_masks():
    layer = keras.layers.GroupQueryAttention(head_dim=3, num_query_heads=4, num_key_value_heads=2)
    q, v = torch.randn(2, 4, 6), torch.randn(2, 4, 6)
    v._keras_mask = torch.tensor([[True, True, True, False], [True, True, False, False]])
    fused = layer(q, v, use_causal_mask=True)
    explicit, scores = layer(q, v, use_causal_mask=True, return_attention_scores=True)
    torch.testing.assert_close(fused, explicit, atol=1e-5, rtol=1e-5)
    assert tuple(scores.shape) == (2, 4, 4, 4) and torch.all(scores[1, :, :, 2:] == 0)


def test_symbolic_call():
    q, v = keras.Input((4, 6)), keras.Input((5, 6))
    out, scores = keras.layers.GroupQueryAttention(2, 4, 2)(q, v, return_attention_scores=True)
    assert tuple(out.shape) == (None, 4, 6) and tuple(scores.shape) == (None, 4, 4, 5)


@pytest.mark.parametrize("kwargs, message", [
    ({"head_dim": 2, "num_query_heads": 3, "num_key_value_heads": 2}, "Received: num_query_heads=3"),
    ({"head_dim": 0, "num_query_heads": 2, "num_key_value_heads": 2}, "Received: head_dim=0"),
    ({"head_dim": 2, "num_query_heads": 2, "num_key_value_heads": 2, "sliding_window": -1}, "Received: sliding_window=-1"),
])  # fmt: skip
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        keras.layers.GroupQueryAttention(**kwargs)


def test_query_and_value_sizes_must_agree():
    with pytest.raises(ValueError, match="Received: query_shape"):
        keras.layers.GroupQueryAttention(2, 2, 1).compute_output_shape((None, 3, 4), (None, 5, 6))
