"""IntegerLookup: hand-computed expectations from Keras's documented examples and index layout. Parity with
real Keras (which needs TensorFlow) is checked against recorded outputs in compat/test_parity_string_layers.py."""

import numpy as np
import pytest
import torch

import kerastorch as keras

VOCAB = [12, 36, 1138, 42]


def test_documented_example():
    out = keras.layers.IntegerLookup(vocabulary=VOCAB)(torch.tensor([[12, 1138, 42], [42, 1000, 36]]))
    assert out.dtype == torch.int64 and out.tolist() == [[1, 3, 4], [4, 0, 2]]


def test_mask_floormod_oov_and_invert():
    layer = keras.layers.IntegerLookup(vocabulary=VOCAB, mask_token=0, num_oov_indices=2)
    assert layer.get_vocabulary() == [0, -1, -1, 12, 36, 1138, 42]
    assert layer(np.array([0, 7, 8, 42])).tolist() == [0, 2, 1, 6]  # 7 % 2 + 1, 8 % 2 + 1
    inverse = keras.layers.IntegerLookup(vocabulary=VOCAB, invert=True)
    assert inverse(torch.tensor([1, 4, 0, 99])).tolist() == [12, 42, -1, -1]


def test_multi_hot_drops_mask():
    layer = keras.layers.IntegerLookup(vocabulary=VOCAB, mask_token=0, output_mode="multi_hot")
    out = layer(np.array([[0, 12, 5]]))
    np.testing.assert_array_equal(out.numpy(), [[1, 1, 0, 0, 0]])
    symbolic = layer(keras.Input((3,), dtype="int64"))
    assert out.dtype == torch.int64 and symbolic.dtype == "int64"  # the symbolic dtype is what a call returns


def test_adapt_and_symbolic():
    layer = keras.layers.IntegerLookup()
    layer.adapt(np.array([5, 5, 5, 3, 3, 9]))
    assert layer.get_vocabulary() == [-1, 5, 3, 9]
    symbolic = layer(keras.Input((2,), dtype="int64"))
    assert tuple(symbolic.shape) == (None, 2) and symbolic.dtype == "int64"


def test_config_round_trip():
    config = keras.layers.IntegerLookup(vocabulary=VOCAB, mask_token=0).get_config()
    assert config["vocabulary"] == VOCAB and config["vocabulary_dtype"] == "int64" and config["oov_method"] == "floormod"
    assert keras.layers.IntegerLookup.from_config(config).get_config() == config


def test_errors():
    with pytest.raises(ValueError, match="vocabulary_dtype"):
        keras.layers.IntegerLookup(vocabulary_dtype="int32")
    with pytest.raises(ValueError, match="num_oov_indices=0"):
        keras.layers.IntegerLookup(vocabulary=VOCAB, num_oov_indices=0)(torch.tensor([3]))
    with pytest.raises(ValueError, match="mask token"):
        keras.layers.IntegerLookup(vocabulary=[0, 1], mask_token=0)
