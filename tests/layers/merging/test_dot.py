"""Dot: the contract, batch dot products over chosen axes, normalization, bad axes and shapes."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test

L = keras.layers


@pytest.mark.parametrize("kwargs, shapes, out_shape", [
    ({"axes": 1}, [(2, 4), (2, 4)], (2, 1)),
    ({"axes": (2, 2)}, [(2, 3, 4), (2, 5, 4)], (2, 3, 5)),
    ({"axes": -1, "normalize": True}, [(2, 3, 4), (2, 5, 4)], (2, 3, 5)),
    ({"axes": (1, 1)}, [(2, 3, 4), (2, 3)], (2, 4)),
    ({"axes": (3, 1)}, [(2, 3, 4, 5), (2, 5, 6)], (2, 3, 4, 6)),
])  # fmt: skip
def test_contract(kwargs, shapes, out_shape):
    run_layer_test(L.Dot, kwargs, input_shape=shapes, expected_output_shape=out_shape, supports_masking=True,
                   atol=1e-5)


def test_values():
    a, b = torch.tensor([[1.0, 2.0], [3.0, 4.0]]), torch.tensor([[5.0, 6.0], [7.0, 8.0]])
    assert torch.equal(L.Dot(axes=1)([a, b]), torch.tensor([[17.0], [53.0]]))
    x, y = torch.randn(2, 3, 4), torch.randn(2, 5, 4)
    torch.testing.assert_close(L.Dot(axes=2)([x, y]), torch.einsum("bik,bjk->bij", x, y))
    torch.testing.assert_close(L.dot([x, y], axes=(2, 2)), torch.einsum("bik,bjk->bij", x, y))


def test_normalize_gives_cosine_similarity():
    a, b = torch.randn(3, 4), torch.randn(3, 4)
    out = L.Dot(axes=1, normalize=True)([a, b])
    torch.testing.assert_close(out[:, 0], torch.nn.functional.cosine_similarity(a, b, dim=1))
    assert getattr(L.Dot(axes=1)([a, b]), "_keras_mask", None) is None


def test_incompatible_axis_sizes():
    with pytest.raises(ValueError, match=r"'dp'.*3 \(at axis 1\) != 4"):
        L.Dot(axes=1, name="dp")([torch.zeros(2, 3), torch.zeros(2, 4)])


def test_bad_axes():
    with pytest.raises(TypeError, match="Received: axes="):
        L.Dot(axes="x")
    with pytest.raises(ValueError, match="two elements"):
        L.Dot(axes=(1, 2, 3))
    with pytest.raises(ValueError, match="non-batch"):
        L.Dot(axes=0)([torch.zeros(2, 3), torch.zeros(2, 3)])
