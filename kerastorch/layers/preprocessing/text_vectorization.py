"""`TextVectorization`: turns raw strings into token indices or bag-of-words vectors."""

import re
import string

import numpy as np
import torch
import torch.nn.functional as F

from kerastorch.backend import config as backend_config
from kerastorch.backend import device as device_lib
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.layer import Layer
from kerastorch.layers.preprocessing import _utils
from kerastorch.layers.preprocessing.index_lookup import _DROPPED
from kerastorch.layers.preprocessing.string_lookup import StringLookup
from kerastorch.saving import serialization_lib

_PUNCTUATION = re.compile("[" + re.escape(string.punctuation) + "]")
# tf.strings.split's whitespace: ASCII only (a no-break space or U+3000 stays inside a token).
_WHITESPACE = re.compile("[ \t\n\v\f\r]+")
_ASCII_UPPER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


class TextVectorization(Layer):
    """Standardizes, splits and indexes text: each string becomes a sequence of token indices (`"int"`) or
    one vector over the vocabulary (`"multi_hot"`, `"count"`, `"tf_idf"`, `"one_hot"`).

    The steps, on the host: standardize (`"lower_and_strip_punctuation"` lowercases ASCII letters, as
    TensorFlow does, and removes ASCII punctuation), split (on ASCII whitespace, as TensorFlow does, or into
    characters), form n-grams (joined by a space; all the widths in order), then look the tokens up in the
    vocabulary (index 0 is the padding/mask token `""`, index 1 the OOV token `"[UNK]"` in `"int"` mode).

    Args:
        max_tokens: The vocabulary's maximum size, padding and OOV indices included; None for no limit.
        standardize: `"lower_and_strip_punctuation"` (default), `"lower"`, `"strip_punctuation"`, None, or a
            callable taking and returning a NumPy array of `str`.
        split: `"whitespace"` (default), `"character"`, None (each string is one token), or a callable
            taking a NumPy array of `str` and returning one list of tokens per string.
        ngrams: None, an int `n` (all widths 1..n) or a tuple of widths.
        output_mode: `"int"` (default), `"multi_hot"`, `"count"`, `"tf_idf"` or `"one_hot"`.
        output_sequence_length: In `"int"` mode, pad or truncate every sequence to this length; None pads
            to the longest sequence of the batch.
        pad_to_max_tokens: Encoded outputs have `max_tokens` columns.
        vocabulary: Optional list of tokens, instead of `adapt`.
        idf_weights: Inverse document frequencies, with `vocabulary` in `"tf_idf"` mode.
        sparse, ragged: Must be False on torch.
        encoding: The encoding of `bytes` inputs (default `"utf-8"`).
        name: The layer's name.
        **kwargs: Base layer keyword arguments.

    Input shape:
        Strings of shape `(batch,)` or `(batch, 1)`: a NumPy array of str/bytes/objects or a list.

    Output shape:
        `(batch, output_sequence_length)` int64 in `"int"` mode; `(batch, vocabulary_size)` for `"multi_hot"` and
        `"count"` (int64, as Keras's calls return them) and `"tf_idf"` (floatx); `(batch, tokens,
        vocabulary_size)` for `"one_hot"` with a split (Keras's ragged output, padded with all-zero rows). A
        single string gives a single sequence (no batch axis).
    """

    def __init__(self, max_tokens=None, standardize="lower_and_strip_punctuation", split="whitespace", ngrams=None,
                 output_mode="int", output_sequence_length=None, pad_to_max_tokens=False, vocabulary=None,
                 idf_weights=None, sparse=False, ragged=False, encoding="utf-8", name=None, **kwargs):
        has_input_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        vocabulary_size = kwargs.pop("vocabulary_size", None)
        super().__init__(name=name, **kwargs)
        label = f"TextVectorization layer '{self.name}'"
        if sparse or ragged:
            raise ValueError(f"{label}: `sparse` and `ragged` are not supported on torch. "
                             f"Received: sparse={sparse}, ragged={ragged}")
        if not (standardize is None or callable(standardize)
                or standardize in ("lower_and_strip_punctuation", "lower", "strip_punctuation")):
            raise ValueError(f"{label}: `standardize` must be 'lower_and_strip_punctuation', 'lower', "
                             f"'strip_punctuation', None or a callable. Received: standardize={standardize!r}")
        if not (split is None or callable(split) or split in ("whitespace", "character")):
            raise ValueError(f"{label}: `split` must be 'whitespace', 'character', None or a callable. "
                             f"Received: split={split!r}")
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        if output_mode not in ("int", "one_hot", "multi_hot", "count", "tf_idf"):
            raise ValueError(f"{label}: `output_mode` must be one of 'int', 'one_hot', 'multi_hot', 'count', "
                             f"'tf_idf'. Received: output_mode={output_mode!r}")
        if not (ngrams is None or isinstance(ngrams, int)
                or (isinstance(ngrams, tuple) and all(isinstance(n, int) for n in ngrams))):
            raise ValueError(f"{label}: `ngrams` must be None, an integer, or a tuple of integers. "
                             f"Received: ngrams={ngrams}")
        if output_mode == "int" and not (output_sequence_length is None or isinstance(output_sequence_length, int)):
            raise ValueError(f"{label}: `output_sequence_length` must be None or an integer in 'int' mode. "
                             f"Received: output_sequence_length={output_sequence_length}")
        if output_mode != "int" and output_sequence_length is not None:
            raise ValueError(f"{label}: `output_sequence_length` must not be set unless `output_mode` is 'int'. "
                             f"Received: output_sequence_length={output_sequence_length}")
        self._max_tokens = max_tokens
        self._standardize = standardize
        self._split = split
        self._ngrams_arg = ngrams
        self._ngrams = tuple(range(1, ngrams + 1)) if isinstance(ngrams, int) else ngrams
        self._ragged = ragged
        self._output_mode = output_mode
        self._output_sequence_length = output_sequence_length
        self._encoding = encoding
        self._lookup_layer = StringLookup(max_tokens=max_tokens, vocabulary=vocabulary, idf_weights=idf_weights,
                                          pad_to_max_tokens=pad_to_max_tokens, mask_token="", output_mode=output_mode,
                                          sparse=sparse, has_input_vocabulary=has_input_vocabulary, encoding=encoding,
                                          vocabulary_size=vocabulary_size)
        self.built = True

    def _convert_inputs(self, args):
        return args

    # ------------------------------------------------------------------ text processing
    def _standardize_strings(self, texts):
        if callable(self._standardize):
            return _utils.to_str_array(self._standardize(texts.astype(str)), self._encoding)
        if self._standardize is None:
            return texts
        flat = list(texts.reshape(-1))
        if self._standardize in ("lower", "lower_and_strip_punctuation"):
            flat = [t.translate(_ASCII_UPPER) for t in flat]
        if self._standardize in ("strip_punctuation", "lower_and_strip_punctuation"):
            flat = [_PUNCTUATION.sub("", t) for t in flat]
        return np.array(flat + [None], dtype=object)[:-1].reshape(texts.shape)

    def _ngram_tokens(self, tokens):
        if self._ngrams is None:
            return tokens
        return [" ".join(tokens[i:i + n]) for n in self._ngrams for i in range(len(tokens) - n + 1)]

    def _preprocess(self, inputs):
        """One list of tokens per input string (or the standardized array itself when `split` is None)."""
        if isinstance(inputs, torch.Tensor):
            inputs = inputs.detach().cpu().numpy()
        texts = self._standardize_strings(_utils.to_str_array(inputs, self._encoding))
        if self._split is None:
            return texts
        if texts.ndim > 1:
            if texts.shape[-1] != 1:
                raise ValueError(f"TextVectorization layer '{self.name}': to split strings the input must have "
                                 f"rank 1 or a last axis of size 1. Received: inputs.shape={texts.shape}")
            texts = texts.squeeze(-1)
        texts = texts.reshape(-1)
        if self._split == "whitespace":
            rows = [[token for token in _WHITESPACE.split(t) if token] for t in texts]
        elif self._split == "character":
            rows = [list(t) for t in texts]
        else:
            rows = [[str(token) for token in row] for row in self._split(texts.astype(str))]
        return [self._ngram_tokens(row) for row in rows]

    # ------------------------------------------------------------------ vocabulary
    def adapt(self, data, batch_size=None, steps=None):
        """Builds the vocabulary from text: an array or list of strings, or an iterable of batches of them."""
        self.reset_state()
        if isinstance(data, (list, tuple, np.ndarray, torch.Tensor)):
            array = _utils.to_str_array(data.detach().cpu().numpy() if isinstance(data, torch.Tensor) else data,
                                        self._encoding)
            if array.ndim == 1:
                array = array[:, None]
            self.update_state(array)
        elif hasattr(data, "__iter__"):
            for i, batch in enumerate(data):
                if steps is not None and i >= steps:
                    break
                self.update_state(batch)
        else:
            raise TypeError(f"TextVectorization layer '{self.name}': adapt() supports arrays, lists and iterables "
                            f"of batches of strings. Received: data of type {type(data).__name__}")
        self.finalize_state()

    def update_state(self, data):
        processed = self._preprocess(data)
        if isinstance(processed, np.ndarray):
            processed = processed.reshape(processed.shape[0], -1) if processed.ndim > 1 else processed[None, :]
            processed = [list(row) for row in processed]
        self._lookup_layer.update_state(processed)

    def finalize_state(self):
        self._lookup_layer.finalize_state()

    def reset_state(self):
        self._lookup_layer.reset_state()

    def get_vocabulary(self, include_special_tokens=True):
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def vocabulary_size(self):
        return self._lookup_layer.vocabulary_size()

    def set_vocabulary(self, vocabulary, idf_weights=None):
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights=idf_weights)

    # ------------------------------------------------------------------ call
    def call(self, inputs):
        processed = self._preprocess(inputs)
        lookup = self._lookup_layer
        lookup.__dict__["_was_called"] = True
        device = device_lib.get_device()
        if isinstance(processed, np.ndarray):  # split=None: one token per string, in the input's shape
            indices = torch.as_tensor(lookup.lookup_indices(processed), device=device)
            if self._output_mode == "int" and self._output_sequence_length is not None and indices.dim() > 1:
                length = self._output_sequence_length
                indices = F.pad(indices[..., :length], (0, max(length - indices.shape[-1], 0)))
            return lookup._encode(indices)
        rows = [lookup.lookup_indices(np.array(row + [None], dtype=object)[:-1]) for row in processed]
        width = max((len(r) for r in rows), default=0)
        if self._output_mode == "int":
            width = width if self._output_sequence_length is None else self._output_sequence_length
            padded = np.zeros((len(rows), width), dtype="int64")
        else:
            padded = np.full((len(rows), width if self._output_mode == "one_hot" else max(width, 1)), _DROPPED,
                             dtype="int64")
        for i, row in enumerate(rows):
            row = row[:width]
            padded[i, :len(row)] = row
        if np.ndim(inputs) == 0:  # a single string gives a single sequence, as in Keras
            padded = padded[0]
        indices = torch.as_tensor(padded, device=device)
        if self._output_mode == "int":
            return indices
        if self._output_mode == "one_hot":
            # One row per token, as Keras's (ragged) output; the trailing axis keeps encode from squeezing it.
            indices = indices.unsqueeze(-1)
        return lookup._encode(indices)

    def compute_output_shape(self, input_shape):
        if self._output_mode == "int":
            return (input_shape[0], self._output_sequence_length)
        if self._split is None:
            input_shape = tuple(input_shape) + (1,) if len(input_shape) <= 1 else tuple(input_shape)
        else:
            input_shape = tuple(input_shape) + (None,)
        return self._lookup_layer.compute_output_shape(input_shape)

    def compute_output_spec(self, inputs):
        dtype = backend_config.floatx() if self._output_mode == "tf_idf" else "int64"
        return KerasTensor(self.compute_output_shape(inputs.shape), dtype=dtype)

    def get_config(self):
        lookup = self._lookup_layer
        return {
            **super().get_config(),
            "max_tokens": lookup.max_tokens,
            "standardize": self._standardize,
            "split": self._split,
            "ngrams": self._ngrams_arg,
            "output_mode": self._output_mode,
            "output_sequence_length": self._output_sequence_length,
            "pad_to_max_tokens": lookup.pad_to_max_tokens,
            "sparse": lookup.sparse,
            "ragged": self._ragged,
            "vocabulary": lookup.get_config()["vocabulary"],
            "idf_weights": lookup.get_config()["idf_weights"],
            "encoding": self._encoding,
            "vocabulary_size": self.vocabulary_size(),
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        for key in ("standardize", "split"):
            if config.get(key) is not None and not isinstance(config[key], str) and not callable(config[key]):
                config[key] = serialization_lib.deserialize_keras_object(config[key])
        if isinstance(config.get("ngrams"), list):
            config["ngrams"] = tuple(config["ngrams"])
        return cls(**config)
