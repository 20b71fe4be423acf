import numpy as np
import pytest
import torch

from kerastorch import ops


def test_sparsemax_sums_to_one():
    x = torch.randn(4, 6, generator=torch.Generator().manual_seed(0))
    np.testing.assert_allclose(ops.sparsemax(x).sum(-1).numpy(), np.ones(4), rtol=1e-6)


def test_one_hot_negative_index_is_zero_row():
    assert ops.one_hot(np.array([1, -1]), 3).tolist() == [[0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]


def test_conv_same_padding_shape():
    assert ops.conv(np.ones((1, 7, 7, 2), "float32"), np.ones((3, 3, 2, 4), "float32"), strides=2, padding="same").shape == (1, 4, 4, 4)


def test_crossentropy_shape_error():
    with pytest.raises(ValueError, match="Received: target.shape"):
        ops.categorical_crossentropy(np.ones((2, 3)), np.ones((2, 4)))


def test_bad_padding():
    with pytest.raises(ValueError, match="Received: padding=full"):
        ops.max_pool(np.ones((1, 4, 4, 1), "float32"), 2, padding="full")


def test_average_pool_same_excludes_padding():
    out = ops.average_pool(np.ones((1, 5, 5, 1), "float32"), 3, strides=2, padding="same")
    np.testing.assert_allclose(out.numpy(), np.ones((1, 3, 3, 1)))
