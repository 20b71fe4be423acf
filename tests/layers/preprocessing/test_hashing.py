"""Hashing: Keras's documented examples (FarmHash and SipHash buckets) and hand-computed cases. Parity with real
Keras (which needs TensorFlow) is checked against recorded outputs in compat/test_parity_string_layers.py."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from kerastorch.layers.preprocessing import _hash_functions

LETTERS = [["A"], ["B"], ["C"], ["D"], ["E"]]


@pytest.mark.parametrize("kwargs,inputs,expected", [
    ({"num_bins": 3}, LETTERS, [[1], [0], [1], [1], [2]]),
    ({"num_bins": 3, "mask_value": ""}, [["A"], ["B"], [""], ["C"], ["D"]], [[1], [1], [0], [2], [2]]),
    ({"num_bins": 3, "salt": [133, 137]}, LETTERS, [[1], [2], [1], [0], [2]]),
    ({"num_bins": 3, "salt": 133}, LETTERS, [[0], [0], [2], [1], [0]]),
])
def test_keras_documented_buckets(kwargs, inputs, expected):
    out = keras.layers.Hashing(**kwargs)(inputs)
    assert out.dtype == torch.int64
    assert out.tolist() == expected


def test_fingerprint64_reference_values():
    assert _hash_functions.fingerprint64(b"") == 0x9AE16A3B2F90404F
    assert _hash_functions.fingerprint64(b"abcdefgh") == 0xFEE9D22990C82909
    assert _hash_functions.fingerprint64(b"size:  a.out:  bad magic") == 0x80D73B843BA57DB8
    assert _hash_functions.fingerprint64(b"Discard medicine more than two years old.") == 0xE8F89AB6DF9BDD25
    assert _hash_functions.siphash24(bytes(range(15)), 0x0706050403020100, 0x0F0E0D0C0B0A0908) == 0xA129CA6149BE45E5


def test_integers_hash_as_their_decimal_strings():
    out = keras.layers.Hashing(num_bins=7)(torch.tensor([[12, -3]]))
    assert out.tolist() == [[_hash_functions.fingerprint64(b"12") % 7, _hash_functions.fingerprint64(b"-3") % 7]]


def test_encoded_modes_and_config():
    layer = keras.layers.Hashing(num_bins=3, output_mode="multi_hot")
    np.testing.assert_array_equal(layer([["A", "B"]]).numpy(), [[1.0, 1.0, 0.0]])
    config = keras.layers.Hashing(num_bins=3, salt=5).get_config()
    assert config["salt"] == [5, 5] and config["dtype"]["config"]["name"] == "int64"


def test_errors():
    with pytest.raises(ValueError, match="num_bins"):
        keras.layers.Hashing(num_bins=0)
    with pytest.raises(ValueError, match="salt"):
        keras.layers.Hashing(num_bins=2, salt="x")
    with pytest.raises(ValueError, match="dtype"):
        keras.layers.Hashing(num_bins=2, dtype="float32")
