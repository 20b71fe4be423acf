"""MultiHeadAttention: contract, Keras's weights, fused vs explicit paths, masks, attention axes, errors."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import make_input_data
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, count", [({"num_heads": 2, "key_dim": 3}, 8), ({"num_heads": 2, "key_dim": 3, "use_bias": False}, 4),
                                           ({"num_heads": 2, "key_dim": 3, "use_gate": True, "output_shape": 5}, 10)])  # fmt: skip
def test_contract(kwargs, count):
    value = make_input_data((2, 5, 6), seed=1)
    out_dim = kwargs.get("output_shape", 6)
    # Symbolic and SGD-step checks are below (two tensor inputs; a key bias gets no gradient by design).
    run_layer_test(keras.layers.MultiHeadAttention, kwargs, input_shape=(2, 4, 6), call_kwargs={"value": value},
                   expected_output_shape=(2, 4, out_dim), expected_num_trainable_weights=count, supports_masking=True,
                   run_symbolic_check=False, run_training_check=False)


def test_weights_match_keras_layout():
    layer = keras.layers.MultiHeadAttention(num_heads=2, key_dim=3, value_dim=4)
    layer(torch.randn(2, 4, 6), torch.randn(2, 5, 7))
    assert [(w.path.split("/", 1)[1], tuple(w.shape)) for w in layer.weights] == [
        ("query/kernel", (6, 2, 3)), ("query/bias", (2, 3)), ("key/kernel", (7, 2, 3)), ("key/bias", (2, 3)),
        ("value/kernel", (7, 2, 4)), ("value/bias", (2, 4)), ("attention_output/kernel", (2, 4, 6)),
        ("attention_output/bias", (6,)),
    ]  # fmt: skip


def test_fused_and_explicit_paths_agree():
    layer = keras.layers.MultiHeadAttention(num_heads=2, key_dim=4)
    q, v = torch.randn(2, 4, 6), torch.randn(2, 5, 6)
    mask = torch.rand(2, 4, 5) > 0.3
    mask[:, :, 0] = True
    fused = layer(q, v, attention_mask=mask)
    explicit, scores = layer(q, v, attention_mask=mask, return_attention_scores=True)
    torch.testing.assert_close(fused, explicit, atol=1e-5, rtol=1e-5)
    assert tuple(scores.shape) == (2, 2, 4, 5) and torch.all(scores[~mask[:, None].expand_as(scores)] == 0)


def test_causal_mask_blocks_the_future():
    layer = keras.layers.MultiHeadAttention(num_heads=1, key_dim=2)
    x = torch.randn(1, 5, 3)
    _, scores = layer(x, x, use_causal_mask=True, return_attention_scores=True)
    assert torch.all(torch.triu(scores[0, 0], diagonal=1) == 0)
    prefix = layer(x[:, :3], x[:, :3], use_causal_mask=True)
    torch.testing.assert_close(layer(x, x, use_causal_mask=True)[:, :3], prefix, atol=1e-6, rtol=1e-6)


def test_query_mask_propagates_without_touching_the_inputs():
    x = torch.randn(2, 3, 4)
    x._keras_mask = torch.tensor([[True, True, False], [True, False, False]])
    out = keras.layers.MultiHeadAttention(num_heads=2, key_dim=2)(x, x)
    assert torch.equal(out._keras_mask, x._keras_mask)


def test_attention_axes():
    layer = keras.layers.MultiHeadAttention(num_heads=2, key_dim=2, attention_axes=(1, 2))
    x = torch.randn(2, 3, 4, 5)
    out, scores = layer(x, x, return_attention_scores=True)
    assert tuple(out.shape) == (2, 3, 4, 5) and tuple(scores.shape) == (2, 2, 3, 4, 3, 4)
    assert layer.get_config()["attention_axes"] == (1, 2)


def test_functional_model_and_training_step():
    q, v = keras.Input((4, 6)), keras.Input((5, 6))
    layer = keras.layers.MultiHeadAttention(num_heads=2, key_dim=3)
    out, scores = layer(q, v, return_attention_scores=True)
    assert tuple(out.shape) == (None, 4, 6) and tuple(scores.shape) == (None, 2, 4, 5)
    model = keras.Model([q, v], out)
    data = [torch.randn(2, 4, 6), torch.randn(2, 5, 6)]
    torch.testing.assert_close(model(data), layer(*data))
    model(data).sum().backward()
    no_grad = [w.path for w in layer.trainable_weights if w.grad is None or w.grad.abs().max() < 1e-4]
    assert no_grad == [f"{layer.name}/key/bias"], "softmax is shift-invariant: only the key bias gets (almost) no gradient"


def test_dropout_applies_in_training_only():
    layer = keras.layers.MultiHeadAttention(num_heads=2, key_dim=3, dropout=0.5, seed=1)
    q = torch.randn(2, 4, 6)
    torch.testing.assert_close(layer(q, q), layer(q, q, training=False))
    assert not torch.allclose(layer(q, q, training=True), layer(q, q))


@pytest.mark.parametrize("kwargs, message", [
    ({"num_heads": 0, "key_dim": 2}, "Received: num_heads=0"),
    ({"num_heads": 2, "key_dim": -1}, "Received: key_dim=-1"),
    ({"num_heads": 2, "key_dim": 2, "value_dim": 0}, "Received: value_dim=0"),
    ({"num_heads": 2, "key_dim": 2, "attention_axes": "a"}, "Received: attention_axes='a'"),
    ({"num_heads": 2, "key_dim": 2, "sliding_window": 0}, "Received: sliding_window=0"),
    ({"num_heads": 2, "key_dim": 2, "dropout": 0.1, "flash_attention": True}, "Received: dropout=0.1"),
])  # fmt: skip
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        keras.layers.MultiHeadAttention(**kwargs)


def test_value_and_key_must_agree():
    with pytest.raises(ValueError, match="Received: value_shape"):
        keras.layers.MultiHeadAttention(2, 2)(torch.randn(2, 3, 4), torch.randn(2, 5, 4), key=torch.randn(2, 6, 4))
