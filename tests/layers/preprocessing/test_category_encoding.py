import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


def test_contract():
    run_layer_test(keras.layers.CategoryEncoding, {"num_tokens": 5}, input_shape=(3, 2), input_dtype="int64",
                   expected_output_shape=(3, 5))


@pytest.mark.parametrize("mode,expected", [
    ("multi_hot", [[0, 1, 1, 0], [1, 0, 0, 0]]),
    ("count", [[0, 1, 2, 0], [2, 0, 0, 0]]),
])
def test_hand_computed(mode, expected):
    out = keras.layers.CategoryEncoding(4, output_mode=mode)(np.array([[1, 2, 2], [0, 0, 9]]))
    np.testing.assert_array_equal(out.numpy(), expected)  # 9 is out of range: a zero row


def test_one_hot_and_weights():
    np.testing.assert_array_equal(keras.layers.CategoryEncoding(3, "one_hot")(np.array([[2], [0]])).numpy(),
                                  [[0, 0, 1], [1, 0, 0]])
    out = keras.layers.CategoryEncoding(3, "count")(torch.tensor([[0, 0, 2]]), count_weights=np.array([[0.5, 1.0, 2.0]]))
    np.testing.assert_allclose(out.numpy(), [[1.5, 0.0, 2.0]])


def test_errors():
    with pytest.raises(ValueError, match="num_tokens"):
        keras.layers.CategoryEncoding()
    with pytest.raises(ValueError, match="output_mode"):
        keras.layers.CategoryEncoding(3, output_mode="tf_idf")
    with pytest.raises(ValueError, match="count_weights"):
        keras.layers.CategoryEncoding(3)(np.array([[1]]), count_weights=np.array([[1.0]]))
