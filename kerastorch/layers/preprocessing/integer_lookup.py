"""`IntegerLookup`: maps integer tokens to contiguous indices through a vocabulary."""

import numpy as np
import torch

from kerastorch.backend import device as device_lib
from kerastorch.layers.preprocessing.index_lookup import _DROPPED
from kerastorch.layers.preprocessing.index_lookup import IndexLookup


class IntegerLookup(IndexLookup):
    """Maps integer tokens (e.g. raw ids) to indices in `[0, vocabulary_size())`, or back with `invert=True`.

    The lookup runs on torch tensors on their device (a sorted table and `searchsorted`), with no host
    sync, except that `num_oov_indices=0` checks for unknown tokens (Keras raises on them) and
    `oov_method="farmhash"` hashes on the host.

    Args:
        max_tokens: The vocabulary's maximum size, special indices included; None for no limit.
        num_oov_indices: Out-of-vocabulary indices (default 1); with more than one, an unknown token `t`
            goes to `t % num_oov_indices` (`"floormod"`) or to its FarmHash bucket (`"farmhash"`).
        mask_token: Integer mapped to index 0 in `"int"` mode (dropped in the encoded modes); default None.
        oov_token: Integer returned for OOV indices with `invert=True`; default -1.
        vocabulary: Optional list (or array) of integers.
        vocabulary_dtype: Only `"int64"`.
        idf_weights: Inverse document frequencies for `output_mode="tf_idf"` with a `vocabulary`.
        invert: Map indices back to tokens.
        output_mode: `"int"` (default), `"one_hot"`, `"multi_hot"`, `"count"` or `"tf_idf"`.
        sparse: Must be False on torch.
        pad_to_max_tokens: Encoded outputs have `max_tokens` columns.
        oov_method: `"floormod"` (default) or `"farmhash"`.
        salt: With `"farmhash"`, an integer or pair keying SipHash.
        name: The layer's name.

    Input shape:
        An integer tensor, array or nested list.

    Output shape:
        The input shape for `"int"` (int64); see `CategoryEncoding` for the other modes.

    Example:

    >>> layer = IntegerLookup(vocabulary=[12, 36, 1138, 42])
    >>> layer(torch.tensor([[12, 1138, 42], [42, 1000, 36]]))
    tensor([[1, 3, 4],
            [4, 0, 2]])
    """

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1, vocabulary=None,
                 vocabulary_dtype="int64", idf_weights=None, invert=False, output_mode="int", sparse=False,
                 pad_to_max_tokens=False, oov_method="floormod", salt=None, name=None, **kwargs):
        if vocabulary_dtype != "int64":
            raise ValueError(f"IntegerLookup layer '{name}': only `vocabulary_dtype='int64'` is supported. "
                             f"Received: vocabulary_dtype={vocabulary_dtype!r}")
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices, mask_token=mask_token,
                         oov_token=oov_token, vocabulary=vocabulary, vocabulary_dtype=vocabulary_dtype,
                         idf_weights=idf_weights, invert=invert, output_mode=output_mode, sparse=sparse,
                         pad_to_max_tokens=pad_to_max_tokens, oov_method=oov_method, salt=salt, name=name, **kwargs)

    def _normalize_tokens(self, tokens):
        return [int(t) for t in np.asarray(tokens).reshape(-1)]

    def _prepare_adapt(self, data):
        if isinstance(data, torch.Tensor):
            data = data.detach().cpu().numpy()
        return np.asarray(data).astype("int64")

    def _on_vocabulary_change(self):
        device = device_lib.get_device()
        keys = torch.tensor(self._tokens, dtype=torch.int64, device=device)
        order = torch.argsort(keys)
        self.register_buffer("_sorted_keys", keys[order], persistent=False)
        self.register_buffer("_sorted_indices", order + self._token_start_index(), persistent=False)
        self.register_buffer("_vocabulary_table", torch.tensor(self.get_vocabulary(), dtype=torch.int64,
                                                               device=device), persistent=False)

    def _as_tensor(self, inputs):
        if isinstance(inputs, torch.Tensor):
            return inputs.long()
        return torch.as_tensor(np.asarray(inputs).astype("int64"), device=device_lib.get_device())

    def call(self, inputs):
        x = self._as_tensor(inputs)
        if self.invert:
            table = self._vocabulary_table.to(x.device) if self._tokens else torch.tensor(
                self.get_vocabulary(), dtype=torch.int64, device=x.device)
            inside = (x >= 0) & (x < table.numel())
            return torch.where(inside, table[x.clamp(0, max(table.numel() - 1, 0))], torch.full_like(x, self.oov_token))
        start, count = self._oov_start_index(), self.num_oov_indices
        if self._tokens:
            keys = self._sorted_keys.to(x.device)
            position = torch.searchsorted(keys, x).clamp(max=keys.numel() - 1)
            found = keys[position] == x
            indices = self._sorted_indices.to(x.device)[position]
        else:
            found = torch.zeros_like(x, dtype=torch.bool)
            indices = torch.zeros_like(x)
        if count == 0:
            missing = ~found
            if self.mask_token is not None:
                missing &= x != self.mask_token
            if bool(missing.any()):
                raise ValueError(f"IntegerLookup layer '{self.name}': with `num_oov_indices=0` every input must be "
                                 f"in the vocabulary; consider `num_oov_indices=1`. Received: OOV values "
                                 f"{x[missing][:10].tolist()}")
            oov = torch.full_like(x, _DROPPED)
        elif count == 1:
            oov = torch.full_like(x, start)
        elif self.oov_method == "floormod":
            oov = torch.remainder(x, count) + start
        else:
            values = x.detach().cpu().reshape(-1).tolist()
            oov = torch.tensor([self._oov_hash(v) % count + start for v in values], dtype=torch.int64,
                               device=x.device).reshape(x.shape)
        indices = torch.where(found, indices, oov)
        if self.mask_token is not None:
            indices = torch.where(x == self.mask_token, 0 if self.output_mode == "int" else _DROPPED, indices)
        return self._encode(indices)

    def get_config(self):
        config = super().get_config()
        for key in ("oov_token", "mask_token"):
            if config[key] is not None:
                config[key] = int(config[key])
        if config["vocabulary"] is not None:
            config["vocabulary"] = [int(v) for v in config["vocabulary"]]
        return config
