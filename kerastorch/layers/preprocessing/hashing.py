"""`Hashing`: maps strings or integers to a fixed number of bins with a stable hash."""

import numpy as np
import torch

from kerastorch.backend import config as backend_config
from kerastorch.backend import device as device_lib
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.layer import Layer
from kerastorch.layers.preprocessing import _hash_functions
from kerastorch.layers.preprocessing import _utils


class Hashing(Layer):
    """Hashes each input value into one of `num_bins` bins (the "hashing trick").

    Values are hashed as strings (integers by their decimal form, floats truncated to integers first), with
    FarmHash Fingerprint64, or with SipHash-2-4 keyed by `salt`: the hashes TensorFlow's
    `to_hash_bucket_fast` / `to_hash_bucket_strong` compute, so the bins are Keras's. Hashing runs on the
    host; the output tensor is placed on the input's device.

    Args:
        num_bins: Number of bins, including the mask bin when `mask_value` is set.
        mask_value: A value that maps to bin 0 (the others then use bins `1..num_bins-1`); None for no mask.
        salt: An integer or a pair of integers keying SipHash; None uses FarmHash.
        output_mode: `"int"` (bin indices, the default), `"one_hot"`, `"multi_hot"` or `"count"`.
        sparse: Must be False on torch.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype` (default `"int64"` for `"int"`
            output, else floatx).

    Input shape:
        Strings (a NumPy str/object array or nested lists), or an integer/float tensor or array.

    Output shape:
        The input shape for `"int"`; see `CategoryEncoding` for the other modes.
    """

    def __init__(self, num_bins, mask_value=None, salt=None, output_mode="int", sparse=False, **kwargs):
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = "int64" if output_mode == "int" else backend_config.floatx()
        super().__init__(**kwargs)
        if num_bins is None or num_bins <= 0:
            raise ValueError(f"Hashing layer '{self.name}': `num_bins` must be a positive integer. "
                             f"Received: num_bins={num_bins}")
        if output_mode == "int" and self.dtype_policy.name not in ("int32", "int64"):
            raise ValueError(f"Hashing layer '{self.name}': with `output_mode='int'`, `dtype` must be 'int32' or "
                             f"'int64'. Received: dtype={kwargs['dtype']}")
        if output_mode not in ("int", "one_hot", "multi_hot", "count"):
            raise ValueError(f"Hashing layer '{self.name}': `output_mode` must be one of 'int', 'one_hot', "
                             f"'multi_hot', 'count'. Received: output_mode={output_mode!r}")
        if sparse:
            raise ValueError(f"Hashing layer '{self.name}': `sparse=True` is not supported on torch. "
                             f"Received: sparse={sparse}")
        self.num_bins = num_bins
        self.mask_value = mask_value
        self.strong_hash = salt is not None
        self.output_mode = output_mode
        self.sparse = sparse
        self.salt = None
        if salt is not None:
            if isinstance(salt, (tuple, list)) and len(salt) == 2:
                self.salt = list(salt)
            elif isinstance(salt, int):
                self.salt = [salt, salt]
            else:
                raise ValueError(f"Hashing layer '{self.name}': `salt` must be an integer or a pair of integers. "
                                 f"Received: salt={salt}")
        self.built = True

    def _convert_inputs(self, args):
        # Strings stay as they are; the hashing happens on the host anyway.
        return args

    def _hash(self, text):
        data = text.encode("utf-8")
        if self.strong_hash:
            return _hash_functions.siphash24(data, self.salt[0], self.salt[1])
        return _hash_functions.fingerprint64(data)

    def _bins(self, values):
        """Bin indices (int64 NumPy array) of a NumPy array of values."""
        bins = self.num_bins
        mask = None
        if self.mask_value is not None and bins > 1:
            bins -= 1
            mask = values == self.mask_value
        if values.dtype.kind == "f":
            values = values.astype("int64")
        if values.dtype.kind in ("i", "u", "b"):
            texts = [str(int(v)) for v in values.reshape(-1)]
        else:
            texts = list(_utils.to_str_array(values).reshape(-1))
        unique = {text: self._hash(text) % bins for text in set(texts)}
        result = np.array([unique[text] for text in texts], dtype="int64").reshape(values.shape)
        if mask is not None:
            result = np.where(mask, 0, result + 1)
        return result

    def call(self, inputs):
        device = inputs.device if isinstance(inputs, torch.Tensor) else device_lib.get_device()
        if isinstance(inputs, torch.Tensor):
            values = inputs.detach().cpu().numpy()
        elif _utils.is_string_data(inputs):
            values = _utils.to_str_array(inputs)
        else:
            values = np.asarray(inputs)
        if self.output_mode == "one_hot" and values.ndim > 0 and values.shape[-1] == 1:
            values = values.squeeze(-1)
        indices = torch.as_tensor(self._bins(values), device=device)
        return _utils.encode_categorical(indices, self.output_mode, self.num_bins, self._compute_torch_dtype)

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        if len(input_shape) == 0:
            return (self.num_bins,)
        return tuple(input_shape[:-1]) + (self.num_bins,)

    def compute_output_spec(self, inputs):
        return KerasTensor(self.compute_output_shape(inputs.shape), dtype=self.dtype)

    def get_config(self):
        return {
            **super().get_config(),
            "num_bins": self.num_bins,
            "salt": self.salt,
            "mask_value": self.mask_value,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
        }
