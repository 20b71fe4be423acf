"""StringLookup: hand-computed expectations from Keras's documented index layout (mask, OOV indices, then the
vocabulary by decreasing frequency). Parity with real Keras (which needs TensorFlow) is checked against recorded
outputs in compat/test_parity_string_layers.py."""

import numpy as np
import pytest
import torch

import kerastorch as keras

VOCAB = ["a", "b", "c", "d"]


def test_int_mode_with_mask_and_oov():
    layer = keras.layers.StringLookup(vocabulary=VOCAB, mask_token="")
    assert layer.get_vocabulary() == ["", "[UNK]", "a", "b", "c", "d"]
    out = layer(np.array([["a", "", "z"], ["d", "c", "b"]]))
    assert out.dtype == torch.int64 and out.tolist() == [[2, 0, 1], [5, 4, 3]]


def test_several_oov_indices_hash_like_tensorflow():
    from kerastorch.layers.preprocessing._hash_functions import fingerprint64

    out = keras.layers.StringLookup(vocabulary=VOCAB, num_oov_indices=3)(["z", "a"])
    assert out.tolist() == [fingerprint64(b"z") % 3, 3]


@pytest.mark.parametrize("mode,expected", [
    ("multi_hot", [[0, 1, 1, 0, 0]]),
    ("count", [[0, 2, 1, 0, 0]]),
    ("one_hot", [[[0, 1, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 1, 0, 0]]]),
])
def test_encoded_modes(mode, expected):
    out = keras.layers.StringLookup(vocabulary=VOCAB, output_mode=mode)([["a", "a", "b"]])
    assert out.dtype == torch.int64  # Keras's calls return int64 counts (only tf_idf is floatx)
    np.testing.assert_array_equal(out.numpy(), expected)


def test_tf_idf_and_padding():
    layer = keras.layers.StringLookup(vocabulary=["a", "b"], idf_weights=[0.5, 0.25], output_mode="tf_idf",
                                      max_tokens=5, pad_to_max_tokens=True)
    out = layer([["a", "a", "b", "z"]])
    assert out.dtype == torch.float32
    np.testing.assert_allclose(out.numpy(), [[0.375, 1.0, 0.25, 0.0, 0.0]])


def test_adapt_orders_by_frequency_then_token():
    layer = keras.layers.StringLookup(max_tokens=4)
    layer.adapt(np.array(["x", "y", "y", "z", "z", "w"]))
    assert layer.get_vocabulary() == ["[UNK]", "z", "y", "x"]


def test_adapt_tf_idf():
    layer = keras.layers.StringLookup(output_mode="tf_idf")
    layer.adapt([["a", "b"], ["a", "a"]])
    idf_a, idf_b = np.log(1 + 2 / 3), np.log(1 + 2 / 2)
    np.testing.assert_allclose(layer.idf_weights.numpy(), [(idf_a + idf_b) / 2, idf_a, idf_b], rtol=1e-6)


def test_invert():
    layer = keras.layers.StringLookup(vocabulary=VOCAB, invert=True)
    np.testing.assert_array_equal(layer(torch.tensor([[1, 4, 0, 9]])), [["a", "d", "[UNK]", "[UNK]"]])


def test_config_round_trip():
    layer = keras.layers.StringLookup(vocabulary=VOCAB, mask_token="")
    config = layer.get_config()
    assert "vocabulary_dtype" not in config and config["encoding"] == "utf-8" and config["vocabulary_size"] == 6
    assert keras.layers.StringLookup.from_config(config).get_config() == config


def test_errors():
    with pytest.raises(ValueError, match="repeated"):
        keras.layers.StringLookup(vocabulary=["a", "a"])
    with pytest.raises(ValueError, match="num_oov_indices=0"):
        keras.layers.StringLookup(vocabulary=VOCAB, num_oov_indices=0)(["z"])
    with pytest.raises(ValueError, match="max_tokens"):
        keras.layers.StringLookup(vocabulary=VOCAB, max_tokens=3)
    with pytest.raises(ValueError, match="kept no token"):
        keras.layers.StringLookup(mask_token="").adapt(["", ""])
    with pytest.raises(ValueError, match="cannot adapt"):
        keras.layers.StringLookup(vocabulary=VOCAB).adapt(["a"])
    with pytest.raises(ValueError, match="invert"):
        keras.layers.StringLookup(invert=True, output_mode="multi_hot")
    with pytest.raises(RuntimeError, match="set the vocabulary"):
        keras.layers.StringLookup(output_mode="multi_hot")(["a"])
