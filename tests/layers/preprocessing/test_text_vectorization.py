"""TextVectorization: Keras 3.15.1 needs TensorFlow for this layer; expectations are hand-computed."""

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
    with pytest.raises(ValueError, match="last axis of size 1"):
        keras.layers.TextVectorization(vocabulary=["a"])(np.array([["a", "b"]]))
