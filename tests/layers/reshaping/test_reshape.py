"""Reshape: the contract, -1 inference, unknown sizes, incompatible sizes."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("target, shape, out_shape", [
    ((3, 4), (2, 12), (2, 3, 4)),
    ((-1, 2), (2, 3, 4), (2, 6, 2)),
    ((12,), (2, 3, 4), (2, 12)),
])  # fmt: skip
def test_contract(target, shape, out_shape):
    run_layer_test(keras.layers.Reshape, {"target_shape": target}, input_shape=shape,
                   expected_output_shape=out_shape, supports_masking=False)


def test_values_keep_row_major_order():
    x = torch.arange(6.0).reshape(1, 6)
    assert torch.equal(keras.layers.Reshape((2, 3))(x), x.reshape(1, 2, 3))


def test_unknown_sizes_symbolically():
    assert keras.layers.Reshape((-1, 2))(keras.Input((None,))).shape == (None, None, 2)
    assert keras.layers.Reshape((-1, 2))(keras.Input((3, 4))).shape == (None, 6, 2)


def test_incompatible_sizes_name_layer_and_shapes():
    with pytest.raises(ValueError, match=r"'rs'.*input_shape=\(5,\).*target_shape=\(2, 3\)"):
        keras.layers.Reshape((2, 3), name="rs")(torch.zeros(2, 5))
    with pytest.raises(ValueError, match=r"'rs'.*target_shape=\(-1, 2\)"):
        keras.layers.Reshape((-1, 2), name="rs")(keras.Input((5,)))


@pytest.mark.parametrize("target", [(-1, -1), (2, -3)])
def test_bad_target_shape(target):
    with pytest.raises(ValueError, match="Received: target_shape="):
        keras.layers.Reshape(target)
