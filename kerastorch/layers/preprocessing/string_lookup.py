"""`StringLookup`: maps strings to integer indices through a vocabulary."""

import numpy as np
import torch

from kerastorch.backend import device as device_lib
from kerastorch.layers.preprocessing import _utils
from kerastorch.layers.preprocessing.index_lookup import _DROPPED
from kerastorch.layers.preprocessing.index_lookup import IndexLookup


class StringLookup(IndexLookup):
    """Maps string tokens to indices (or, with `invert=True`, indices back to strings).

    Lookups run on the host (strings have no torch dtype); the indices (and the one-hot, multi-hot and count
    encodings) come back as an int64 torch tensor, `"tf_idf"` as floatx, on the default device, as Keras
    returns them. Unknown tokens share `num_oov_indices` indices by FarmHash (SipHash with `salt`), the hash
    TensorFlow uses, so they land where Keras puts them.

    Args:
        max_tokens: The vocabulary's maximum size, special indices included; None for no limit.
        num_oov_indices: Out-of-vocabulary indices (default 1).
        mask_token: Token mapped to index 0 in `"int"` mode (dropped in the encoded modes); default None.
        oov_token: Token returned for OOV indices with `invert=True`; default `"[UNK]"`.
        vocabulary: Optional list (or array) of strings.
        idf_weights: Inverse document frequencies for `output_mode="tf_idf"` with a `vocabulary`.
        invert: Map indices to strings; the output is then a NumPy array of `str` with the input's shape.
        output_mode: `"int"` (default), `"one_hot"`, `"multi_hot"`, `"count"` or `"tf_idf"`.
        pad_to_max_tokens: Encoded outputs have `max_tokens` columns.
        sparse: Must be False on torch.
        encoding: The encoding of `bytes` inputs (default `"utf-8"`).
        name: The layer's name.
        salt: An integer or pair keying SipHash for OOV hashing.

    Input shape:
        Strings: a `str`, a NumPy array of str/bytes/objects, or nested lists; `invert=True` takes integer
        indices.

    Output shape:
        The input shape for `"int"`; see `CategoryEncoding` for the other modes.

    Example:

    >>> layer = StringLookup(vocabulary=["a", "b", "c"])
    >>> layer([["a", "c", "z"]])
    tensor([[1, 3, 0]])
    """

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]", vocabulary=None,
                 idf_weights=None, invert=False, output_mode="int", pad_to_max_tokens=False, sparse=False,
                 encoding="utf-8", name=None, salt=None, **kwargs):
        self.encoding = encoding
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices, mask_token=mask_token,
                         oov_token=oov_token, vocabulary=vocabulary, idf_weights=idf_weights, invert=invert,
                         output_mode=output_mode, pad_to_max_tokens=pad_to_max_tokens, sparse=sparse, name=name,
                         salt=salt, vocabulary_dtype="string", **kwargs)

    def _normalize_tokens(self, tokens):
        return list(_utils.to_str_array(tokens, self.encoding).reshape(-1))

    def _prepare_adapt(self, data):
        if isinstance(data, torch.Tensor):
            data = data.detach().cpu().numpy()
        return _utils.to_str_array(data, self.encoding)

    def lookup_indices(self, tokens):
        """int64 NumPy indices of a NumPy array of `str` tokens (`_DROPPED` for masked ones in encoded modes)."""
        flat = tokens.reshape(-1)
        start, count = self._oov_start_index(), self.num_oov_indices
        indices = np.empty(flat.shape, dtype="int64")
        unknown = []
        for i, token in enumerate(flat):
            if self.mask_token is not None and token == self.mask_token:
                indices[i] = 0 if self.output_mode == "int" else _DROPPED
                continue
            index = self._index.get(token)
            if index is None:
                if count == 0:
                    unknown.append(token)
                    index = _DROPPED
                elif count == 1:
                    index = start
                else:
                    index = start + self._oov_hash(token) % count
            indices[i] = index
        if unknown:
            raise ValueError(f"StringLookup layer '{self.name}': with `num_oov_indices=0` every input must be in "
                             f"the vocabulary; consider `num_oov_indices=1`. Received: OOV values {unknown[:10]}")
        return indices.reshape(tokens.shape)

    def call(self, inputs):
        if self.invert:
            indices = inputs.detach().cpu().numpy() if isinstance(inputs, torch.Tensor) else np.asarray(inputs)
            vocabulary = self.get_vocabulary()
            flat = [vocabulary[i] if 0 <= i < len(vocabulary) else self.oov_token for i in indices.reshape(-1).tolist()]
            return np.array(flat + [None], dtype=object)[:-1].reshape(indices.shape)
        if isinstance(inputs, torch.Tensor):
            inputs = inputs.detach().cpu().numpy()
        tokens = _utils.to_str_array(inputs, self.encoding)
        indices = torch.as_tensor(self.lookup_indices(tokens), device=device_lib.get_device())
        return self._encode(indices)

    def get_config(self):
        config = {**super().get_config(), "encoding": self.encoding}
        del config["vocabulary_dtype"]
        return config
