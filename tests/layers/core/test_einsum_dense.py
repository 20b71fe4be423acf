"""EinsumDense: contract over the equation forms, values against torch.einsum, weight shapes, errors."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test

CASES = [
    ({"equation": "ab,bc->ac", "output_shape": 4}, (2, 3), (2, 4), [(3, 4)]),
    ({"equation": "ab,bc->ac", "output_shape": 4, "bias_axes": "c"}, (2, 3), (2, 4), [(3, 4), (4,)]),
    ({"equation": "abc,cde->abde", "output_shape": (None, 2, 5), "bias_axes": "de"}, (2, 3, 4), (2, 3, 2, 5), [(4, 2, 5), (2, 5)]),
    ({"equation": "abc,cd->abd", "output_shape": (3, 5), "bias_axes": "b"}, (2, 3, 4), (2, 3, 5), [(4, 5), (3, 1)]),
    ({"equation": "...b,bc->...c", "output_shape": 3, "bias_axes": "c"}, (2, 4, 5), (2, 4, 3), [(5, 3), (3,)]),
    ({"equation": "ab...,bc->ac...", "output_shape": 3, "bias_axes": "c"}, (2, 4, 5), (2, 3, 5), [(4, 3), (3, 1)]),
]  # fmt: skip


@pytest.mark.parametrize("kwargs, shape, out_shape, weight_shapes", CASES)
def test_contract(kwargs, shape, out_shape, weight_shapes):
    layer, _ = run_layer_test(keras.layers.EinsumDense, kwargs, input_shape=shape, expected_output_shape=out_shape,
                              expected_num_trainable_weights=len(weight_shapes), supports_masking=False)
    assert [tuple(w.shape) for w in layer.weights] == weight_shapes
    assert [w.name for w in layer.weights] == ["kernel", "bias"][: len(weight_shapes)]


def test_values_and_activation():
    layer = keras.layers.EinsumDense("abc,cde->abde", (None, 2, 3), bias_axes="e", activation="relu")
    x = torch.randn(2, 4, 5)
    out = layer(x)
    torch.testing.assert_close(out, torch.relu(torch.einsum("abc,cde->abde", x, layer.kernel) + layer.bias))


@pytest.mark.parametrize("kwargs, shape", [
    ({"equation": "ab->b", "output_shape": 3}, (2, 3)),
    ({"equation": "ab,bc->ac", "output_shape": 3, "bias_axes": "x"}, (2, 3)),
    ({"equation": "ab,bz->ac", "output_shape": 3}, (2, 3)),
    ({"equation": "ab,bc->ab", "output_shape": 4}, (2, 3)),
])  # fmt: skip
def test_bad_equations(kwargs, shape):
    with pytest.raises(ValueError, match="Received:"):
        keras.layers.EinsumDense(**kwargs)(torch.randn(shape))


def test_passed_through_axes_take_the_input_size():
    layer = keras.layers.EinsumDense("abc,cde->abde", (None, 2, 5))
    assert layer.compute_output_shape((None, 3, 4)) == (None, 3, 2, 5)
    assert tuple(layer(keras.Input((3, 4))).shape) == (None, 3, 2, 5)


def test_lora_is_refused():
    with pytest.raises(ValueError, match="Received: lora_rank=2"):
        keras.layers.EinsumDense("ab,bc->ac", 3, lora_rank=2)
