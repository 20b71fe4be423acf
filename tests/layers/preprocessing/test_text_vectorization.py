"""TextVectorization: hand-computed expectations. Parity with real Keras (which needs TensorFlow) is checked
against recorded outputs in compat/test_parity_string_layers.py."""

import numpy as np
import pytest
import torch

import kerastorch as keras

TEXTS = ["The cat sat.", "the DOG barked!", "a cat"]


def test_adapt_and_int_output():
    layer = keras.layers.TextVectorization()
    layer.adapt(TEXTS)
    assert layer.get_vocabulary() == ["", "[UNK]", "the", "cat", "sat", "dog", "barked", "a"]
    out = layer(np.array([["the cat"], ["a bird sat"]]))
    assert out.dtype == torch.int64 and out.tolist() == [[2, 3, 0], [7, 1, 4]]


def test_output_sequence_length_and_max_tokens():
    layer = keras.layers.TextVectorization(max_tokens=4, output_sequence_length=2)
    layer.adapt(TEXTS)
    assert layer.get_vocabulary() == ["", "[UNK]", "the", "cat"]
    assert layer(["cat the sat", "x"]).tolist() == [[3, 2], [1, 0]]
    assert layer.compute_output_shape((None, 1)) == (None, 2)  # keras.Input(dtype="string") is unsupported


def test_ngrams_and_multi_hot():
    layer = keras.layers.TextVectorization(vocabulary=["a", "b", "a b"], ngrams=2, output_mode="multi_hot")
    np.testing.assert_array_equal(layer(["a b", "b c"]).numpy(), [[0, 1, 1, 1], [1, 0, 1, 0]])


def test_tf_idf_character_split_and_callables():
    layer = keras.layers.TextVectorization(split="character", standardize=None, output_mode="count",
                                           vocabulary=["a", "b"])
    np.testing.assert_array_equal(layer(["aab", "c"]).numpy(), [[0, 2, 1], [1, 0, 0]])
    custom = keras.layers.TextVectorization(standardize=lambda x: np.char.upper(x), split=lambda x: [s.split("-") for s in x],
                                            vocabulary=["A", "B"])
    assert custom(["a-b-c"]).tolist() == [[2, 3, 1]]


def test_whitespace_split_is_ascii_only_like_tensorflow():
    layer = keras.layers.TextVectorization(vocabulary=["a\u00a0b", "c"], standardize=None)
    assert layer(["a\u00a0b\tc\u3000d"]).tolist() == [[2, 1]]  # tokens "a\xa0b" and "c\u3000d"


def test_split_none_pads_the_last_axis_and_one_hot_keeps_the_token_axis():
    layer = keras.layers.TextVectorization(vocabulary=["a b", "c"], split=None, output_sequence_length=3)
    assert layer([["a b"], ["z"]]).tolist() == [[2, 0, 0], [1, 0, 0]]
    one_hot = keras.layers.TextVectorization(vocabulary=["a", "c"], output_mode="one_hot")
    out = one_hot(["c", "a z"])  # Keras: ragged (2, None, 3); here padded with an all-zero row
    assert out.dtype == torch.int64 and out.tolist() == [[[0, 0, 1], [0, 0, 0]], [[0, 1, 0], [1, 0, 0]]]


def test_single_string_gives_one_sequence():
    layer = keras.layers.TextVectorization(vocabulary=["a", "b"])
    assert layer("b a c").tolist() == [3, 2, 1]


def test_config_round_trip():
    layer = keras.layers.TextVectorization(vocabulary=["x", "y"], ngrams=(1, 2), output_sequence_length=3)
    config = layer.get_config()
    assert config["vocabulary_size"] == 4 and config["ngrams"] == (1, 2)
    assert keras.layers.TextVectorization.from_config(config).get_config() == config


def test_errors():
    with pytest.raises(ValueError, match="output_sequence_length"):
        keras.layers.TextVectorization(output_mode="multi_hot", output_sequence_length=3)
    with pytest.raises(ValueError, match="standardize"):
        keras.layers.TextVectorization(standardize="upper")
    with pytest.raises(ValueError, match="ngrams"):
        keras.layers.TextVectorization(ngrams=[1, 2])
    with pytest.raises(ValueError, match="kept no token"):
        keras.layers.TextVectorization(max_tokens=2).adapt(["a b"])  # only room for "" and "[UNK]"
    with pytest.raises(ValueError, match="last axis of size 1"):
        keras.layers.TextVectorization(vocabulary=["a"])(np.array([["a", "b"]]))
