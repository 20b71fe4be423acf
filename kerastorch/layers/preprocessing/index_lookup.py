"""`IndexLookup`: the family base of StringLookup and IntegerLookup (a vocabulary mapped to indices)."""

import collections

import numpy as np
import torch

from kerastorch.backend import config as backend_config
from kerastorch.backend import device as device_lib
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.layer import Layer
from kerastorch.layers.preprocessing import _hash_functions
from kerastorch.layers.preprocessing import _utils

_OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")
_DROPPED = -1  # an index one_hot() turns into an all-zero row: masked tokens in the encoded modes


class IndexLookup(Layer):
    """Maps tokens to integer indices through a vocabulary, given or learned by `adapt`.

    Index layout (Keras's): in `"int"` mode with a `mask_token`, index 0 is the mask; then come
    `num_oov_indices` out-of-vocabulary indices, then the vocabulary, most frequent first after `adapt`
    (ties: the larger token first). Subclasses say how tokens are read (`_prepare_tokens`).

    Args:
        max_tokens: The vocabulary's maximum size, special indices included; None for no limit.
        num_oov_indices: How many indices unknown tokens share (hashed among them when > 1); 0 makes an
            unknown token an error.
        mask_token: The token mapped to index 0 (`"int"` mode) or dropped (other modes); None for none.
        oov_token: The token `invert=True` gives for out-of-vocabulary indices.
        vocabulary_dtype: `"string"` or `"int64"`.
        vocabulary: Optional vocabulary (a list or array), instead of `adapt`.
        idf_weights: With `output_mode="tf_idf"` and a `vocabulary`, the inverse document frequencies.
        invert: Map indices back to tokens (`"int"` mode only).
        output_mode: `"int"`, `"one_hot"`, `"multi_hot"`, `"count"` or `"tf_idf"` (`"binary"` and `"tf-idf"`
            are aliases). Encoded outputs have `vocabulary_size()` (or `max_tokens`) columns: int64 counts, as
            Keras returns them (its symbolic spec says floatx, but its calls return int64), and floatx for tf-idf.
        sparse: Must be False on torch.
        pad_to_max_tokens: Encoded outputs have `max_tokens` columns even when the vocabulary is smaller.
        oov_method: `"floormod"` (integer tokens: `token % num_oov_indices`) or `"farmhash"`.
        salt: With hashing, an integer or pair keying SipHash instead of FarmHash.
        name: The layer's name.
    """

    def __init__(self, max_tokens, num_oov_indices, mask_token, oov_token, vocabulary_dtype, vocabulary=None,
                 idf_weights=None, invert=False, output_mode="int", sparse=False, pad_to_max_tokens=False,
                 oov_method="floormod", name=None, salt=None, **kwargs):
        frozen_vocab_size = kwargs.pop("vocabulary_size", None)
        has_input_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        kwargs.pop("trainable", None)
        kwargs.pop("dtype", None)
        super().__init__(name=name, **kwargs)
        label = f"{self.__class__.__name__} layer '{self.name}'"
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError(f"{label}: if set, `max_tokens` must be greater than 1. Received: max_tokens={max_tokens}")
        if pad_to_max_tokens and max_tokens is None:
            raise ValueError(f"{label}: `pad_to_max_tokens=True` needs `max_tokens`. Received: max_tokens=None")
        if num_oov_indices < 0:
            raise ValueError(f"{label}: `num_oov_indices` must be >= 0. Received: num_oov_indices={num_oov_indices}")
        if oov_method not in ("floormod", "farmhash"):
            raise ValueError(f"{label}: `oov_method` must be 'floormod' or 'farmhash'. Received: oov_method={oov_method!r}")
        if salt is not None:
            if vocabulary_dtype != "string" and oov_method != "farmhash":
                raise ValueError(f"{label}: `salt` can only be used with `oov_method='farmhash'`. "
                                 f"Received: oov_method={oov_method!r}")
            if isinstance(salt, (tuple, list)) and len(salt) == 2:
                salt = list(salt)
            elif isinstance(salt, int):
                salt = [salt, salt]
            else:
                raise ValueError(f"{label}: `salt` must be an integer or a pair of integers. Received: salt={salt}")
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        if output_mode not in _OUTPUT_MODES:
            raise ValueError(f"{label}: `output_mode` must be one of {_OUTPUT_MODES}. Received: output_mode={output_mode!r}")
        if invert and output_mode != "int":
            raise ValueError(f"{label}: `output_mode` must be 'int' when `invert=True`. Received: output_mode={output_mode!r}")
        if sparse:
            raise ValueError(f"{label}: `sparse=True` is not supported on torch. Received: sparse={sparse}")
        if idf_weights is not None and output_mode != "tf_idf":
            raise ValueError(f"{label}: `idf_weights` is only used with `output_mode='tf_idf'`. "
                             f"Received: output_mode={output_mode!r}")
        if output_mode == "tf_idf" and has_input_vocabulary and idf_weights is None:
            raise ValueError(f"{label}: with a `vocabulary` in 'tf_idf' mode, `idf_weights` must be given too. "
                             "Received: idf_weights=None")
        self.invert = invert
        self.max_tokens = max_tokens
        self.num_oov_indices = num_oov_indices
        self.mask_token = mask_token
        self.oov_token = oov_token
        self.output_mode = output_mode
        self.sparse = sparse
        self.pad_to_max_tokens = pad_to_max_tokens
        self.vocabulary_dtype = vocabulary_dtype
        self.oov_method = oov_method
        self.salt = salt
        self._frozen_vocab_size = frozen_vocab_size
        self.input_vocabulary = vocabulary if not isinstance(vocabulary, str) else None
        self.input_idf_weights = idf_weights
        self._has_input_vocabulary = has_input_vocabulary
        self._tokens = []
        self._index = {}
        self.register_buffer("idf_weights", None, persistent=False)
        self.reset_state()
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)
        self.built = True

    # ------------------------------------------------------------------ layout
    def _oov_start_index(self):
        return 1 if self.mask_token is not None and self.output_mode == "int" else 0

    def _token_start_index(self):
        return self._oov_start_index() + self.num_oov_indices

    def vocabulary_size(self):
        """The number of indices: special ones and tokens."""
        return len(self._tokens) + self._token_start_index()

    def get_vocabulary(self, include_special_tokens=True):
        """The token of every index, in index order (special tokens first unless excluded)."""
        specials = [self.oov_token] * self._token_start_index()
        if self.mask_token is not None and self.output_mode == "int" and specials:
            specials[0] = self.mask_token
        vocabulary = specials + list(self._tokens)
        return vocabulary if include_special_tokens else vocabulary[self._token_start_index():]

    def _depth(self):
        return self.max_tokens if self.pad_to_max_tokens else self._frozen_vocab_size

    # ------------------------------------------------------------------ vocabulary
    def _to_vocab_array(self, vocabulary):
        if isinstance(vocabulary, torch.Tensor):
            vocabulary = vocabulary.detach().cpu().numpy()
        return np.asarray(vocabulary)

    def _normalize_tokens(self, tokens):
        """Python tokens (str or int) from an array of them."""
        raise NotImplementedError()

    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Sets the vocabulary (and, in `"tf_idf"` mode, the inverse document frequencies).

        The vocabulary may start with the special tokens in layout order (they are then skipped).
        """
        label = f"{self.__class__.__name__} layer '{self.name}'"
        if isinstance(vocabulary, str):
            raise ValueError(f"{label}: vocabulary files are not supported by kerastorch; pass a list of tokens. "
                             f"Received: vocabulary={vocabulary!r}")
        if self.output_mode == "tf_idf":
            if idf_weights is None:
                raise ValueError(f"{label}: `idf_weights` must be set in 'tf_idf' mode. Received: idf_weights=None")
        elif idf_weights is not None:
            raise ValueError(f"{label}: `idf_weights` is only used with `output_mode='tf_idf'`. "
                             f"Received: output_mode={self.output_mode!r}")
        tokens = self._normalize_tokens(self._to_vocab_array(vocabulary).reshape(-1))
        if not tokens:
            raise ValueError(f"{label}: cannot set an empty vocabulary. Received: vocabulary={vocabulary}")
        specials = [self.mask_token] * self._oov_start_index() + [self.oov_token] * self.num_oov_indices
        found_specials = tokens[: len(specials)] == specials
        if found_specials:
            tokens = tokens[len(specials):]
        repeated = [t for t, c in collections.Counter(tokens).items() if c > 1]
        if repeated:
            raise ValueError(f"{label}: the vocabulary has repeated tokens; make it unique. Received: repeated "
                             f"tokens {repeated}")
        if self.mask_token is not None and self.mask_token in tokens:
            raise ValueError(f"{label}: found the mask token inside the vocabulary. Leave the special tokens out, or "
                             f"put them first in exactly this order: {specials}. Received: mask_token={self.mask_token!r}")
        if self.invert and self.oov_token is not None and self.oov_token in tokens:
            raise ValueError(f"{label}: found the OOV token inside the vocabulary. Leave the special tokens out, or "
                             f"put them first in exactly this order: {specials}. Received: oov_token={self.oov_token!r}")
        size = self._token_start_index() + len(tokens)
        if self.max_tokens is not None and size > self.max_tokens:
            raise ValueError(f"{label}: the vocabulary is larger than `max_tokens`. Received: vocabulary size "
                             f"{size}, max_tokens={self.max_tokens}")
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            weights = np.asarray(idf_weights.detach().cpu() if isinstance(idf_weights, torch.Tensor) else idf_weights)
            if weights.ndim != 1:
                raise ValueError(f"{label}: `idf_weights` must be 1-D. Received: idf_weights.shape={weights.shape}")
            if len(weights) != len(self._to_vocab_array(vocabulary).reshape(-1)):
                raise ValueError(f"{label}: `idf_weights` must have the vocabulary's length. Received: "
                                 f"len(idf_weights)={len(weights)}, len(vocabulary)={len(tokens)}")
            front = 0 if found_specials else self._token_start_index()
            front_value = 0 if found_specials else np.average(weights)
            back = self.max_tokens - front - len(weights) if self.pad_to_max_tokens else 0
            self._set_idf(np.pad(weights, (front, back), constant_values=(front_value, 0)))

    def _set_tokens(self, tokens):
        self._tokens = list(tokens)
        start = self._token_start_index()
        self._index = {token: start + i for i, token in enumerate(self._tokens)}
        self._on_vocabulary_change()
        if self.output_mode != "int" and not self.pad_to_max_tokens and self._frozen_vocab_size is not None \
                and self._called and self.vocabulary_size() != self._frozen_vocab_size:
            raise RuntimeError(f"{self.__class__.__name__} layer '{self.name}': with output_mode="
                               f"{self.output_mode!r} and pad_to_max_tokens=False, the vocabulary size cannot change "
                               f"after the layer is called. Received: old size {self._frozen_vocab_size}, new size "
                               f"{self.vocabulary_size()}")
        self._frozen_vocab_size = self.vocabulary_size()

    def _on_vocabulary_change(self):
        """Hook for subclasses that keep device tables."""

    def _set_idf(self, weights):
        self.idf_weights = torch.as_tensor(np.asarray(weights), dtype=to_torch_dtype(backend_config.floatx()),
                                           device=device_lib.get_device())

    # ------------------------------------------------------------------ adapt
    def adapt(self, data, steps=None):
        """Builds the vocabulary from `data` (an array, a list, or an iterable of batches): the most frequent
        tokens first, up to `max_tokens`; in `"tf_idf"` mode also the inverse document frequencies."""
        self.reset_state()
        if isinstance(data, (list, tuple, np.ndarray, torch.Tensor)) or isinstance(data, (str, bytes)):
            array = self._prepare_adapt(data)
            if array.ndim == 1:
                array = array[:, None]
            self.update_state(array)
        elif hasattr(data, "__iter__"):
            for i, batch in enumerate(data):
                if steps is not None and i >= steps:
                    break
                self.update_state(batch)
        else:
            raise TypeError(f"{self.__class__.__name__} layer '{self.name}': adapt() supports arrays, lists, "
                            f"tensors and iterables of batches. Received: data of type {type(data).__name__}")
        self.finalize_state()

    def _prepare_adapt(self, data):
        raise NotImplementedError()

    def update_state(self, data):
        """Counts the tokens of one batch; rows are documents (for `"tf_idf"`)."""
        if self._has_input_vocabulary:
            raise ValueError(f"{self.__class__.__name__} layer '{self.name}': cannot adapt after setting a fixed "
                             "vocabulary with `vocabulary` or `set_vocabulary()`. Received: a vocabulary of "
                             f"{len(self._tokens)} tokens")
        if isinstance(data, list) and data and isinstance(data[0], list) and not all(len(r) == len(data[0]) for r in data):
            documents = [self._normalize_tokens(np.asarray(row, dtype=object).reshape(-1)) for row in data]
        else:
            array = self._prepare_adapt(data)
            if array.ndim == 0:
                array = array.reshape(1)
            if array.ndim == 1:
                array = array[None, :]
            documents = [self._normalize_tokens(row.reshape(-1)) for row in array]
        for document in documents:
            self._token_counts.update(document)
            if self.output_mode == "tf_idf":
                self._document_counts.update(set(document))
        self._num_documents += len(documents)

    def finalize_state(self):
        if self._has_input_vocabulary or not self._token_counts:
            if self._frozen_vocab_size is None:
                self._frozen_vocab_size = self.vocabulary_size()
            return
        for special in (self.mask_token, self.oov_token):
            if special is not None:
                self._token_counts.pop(special, None)
        ranked = sorted(self._token_counts.items(), key=lambda item: (item[1], item[0]), reverse=True)
        if self.max_tokens:
            ranked = ranked[: self.max_tokens - self._token_start_index()]
        tokens = [token for token, _ in ranked]
        if not tokens:
            # Keras fails here too (TensorFlow cannot build an empty lookup table).
            raise ValueError(f"{self.__class__.__name__} layer '{self.name}': adapt() kept no token: the data held "
                             f"only special tokens, or `max_tokens` leaves no room after the "
                             f"{self._token_start_index()} special indices. Received: max_tokens={self.max_tokens}")
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            counts = np.array([self._document_counts[t] for t in tokens], dtype="float64")
            idf = np.log(1 + self._num_documents / (1 + counts)).astype("float32")
            weights = np.pad(idf, (self._token_start_index(), 0), constant_values=np.mean(idf))
            if self.pad_to_max_tokens and self.max_tokens is not None:
                weights = np.pad(weights, (0, self.max_tokens - weights.size))
            self._set_idf(weights)
        self.reset_state()

    def reset_state(self):
        self._token_counts = collections.Counter()
        self._document_counts = collections.Counter()
        self._num_documents = 0

    # ------------------------------------------------------------------ lookup
    def _oov_hash(self, token):
        data = str(token).encode("utf-8")
        if self.salt is not None:
            return _hash_functions.siphash24(data, self.salt[0], self.salt[1])
        return _hash_functions.fingerprint64(data)

    def _encode(self, indices):
        """The output of `call` from int64 lookup indices."""
        if self.output_mode == "int":
            return indices
        if self.output_mode != "int" and not self.pad_to_max_tokens and self._frozen_vocab_size is None:
            raise RuntimeError(f"{self.__class__.__name__} layer '{self.name}': with output_mode="
                               f"{self.output_mode!r} and pad_to_max_tokens=False, set the vocabulary (the "
                               "`vocabulary` argument or `adapt`) before calling the layer.")
        if self.output_mode == "tf_idf":
            output = _utils.encode_categorical(indices, "count", self._depth(), backend_config.floatx())
            return output * self.idf_weights.to(output.device, output.dtype)
        return _utils.encode_categorical(indices, self.output_mode, self._depth(), "int64")

    @property
    def _called(self):
        return self.__dict__.get("_was_called", False)

    def __call__(self, *args, **kwargs):
        self.__dict__["_was_called"] = True
        return super().__call__(*args, **kwargs)

    def _convert_inputs(self, args):
        # Tokens (strings, or integers kept as int64) are read by `call` itself.
        return args

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        return _utils.categorical_output_shape(input_shape, self.output_mode, self._depth())

    def compute_output_spec(self, inputs):
        dtype = backend_config.floatx() if self.output_mode == "tf_idf" else "int64"
        if self.invert:
            dtype = self.vocabulary_dtype
        return KerasTensor(self.compute_output_shape(inputs.shape), dtype=dtype)

    def get_config(self):
        return {
            **super().get_config(),
            "invert": self.invert,
            "max_tokens": self.max_tokens,
            "num_oov_indices": self.num_oov_indices,
            "oov_token": self.oov_token,
            "mask_token": self.mask_token,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "pad_to_max_tokens": self.pad_to_max_tokens,
            "vocabulary_dtype": self.vocabulary_dtype,
            "idf_weights": _listify(self.input_idf_weights),
            "vocabulary": _listify(self.input_vocabulary),
            "vocabulary_size": self._frozen_vocab_size,
            "oov_method": self.oov_method,
            "salt": self.salt,
        }

    def get_build_config(self):
        return {}

    def build_from_config(self, config):
        self.built = True


def _listify(value):
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    if isinstance(value, np.ndarray):
        value = value.tolist()
    return value
