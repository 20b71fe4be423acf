"""`CategoryEncoding`: one-hot, multi-hot or count encoding of integer features."""

import torch

from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.layer import Layer
from kerastorch.layers.preprocessing import _utils


class CategoryEncoding(Layer):
    """Encodes integer indices in `[0, num_tokens)` as dense vectors of size `num_tokens`.

    Args:
        num_tokens: The number of tokens; inputs must lie in `[0, num_tokens)` (values outside give
            all-zero rows, computed on the device without a check that would sync it).
        output_mode: `"multi_hot"` (the default; a 1 for each index present in a sample), `"one_hot"` (one
            row per input value; a trailing axis of size 1 is replaced) or `"count"` (how often each index
            appears, optionally weighted). `"binary"` is an alias of `"multi_hot"`.
        sparse: Must be False: torch has no sparse outputs here.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype` (the output dtype).

    Call arguments:
        inputs: Integer tensor of rank 0, 1 or 2 (`(batch, values)`).
        count_weights: Optional weights, shaped like `inputs`, for `output_mode="count"`.

    Output shape:
        `(batch, num_tokens)` for `"multi_hot"` / `"count"`; `"one_hot"` adds a `num_tokens` axis.
    """

    def __init__(self, num_tokens=None, output_mode="multi_hot", sparse=False, **kwargs):
        super().__init__(**kwargs)
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode not in ("count", "one_hot", "multi_hot"):
            raise ValueError(f"CategoryEncoding layer '{self.name}': unknown `output_mode`, expected one of "
                             f"'count', 'one_hot', 'multi_hot'. Received: output_mode={output_mode!r}")
        if num_tokens is None:
            raise ValueError(f"CategoryEncoding layer '{self.name}': `num_tokens` must be set; if the number of "
                             "tokens is not known beforehand, use the IntegerLookup layer. Received: num_tokens=None")
        if num_tokens < 1:
            raise ValueError(f"CategoryEncoding layer '{self.name}': `num_tokens` must be >= 1. "
                             f"Received: num_tokens={num_tokens}")
        if sparse:
            raise ValueError(f"CategoryEncoding layer '{self.name}': `sparse=True` is not supported on torch. "
                             f"Received: sparse={sparse}")
        self.num_tokens = num_tokens
        self.output_mode = output_mode
        self.sparse = sparse
        self.built = True

    def call(self, inputs, count_weights=None):
        if count_weights is not None:
            if self.output_mode != "count":
                raise ValueError(f"CategoryEncoding layer '{self.name}': `count_weights` is only used with "
                                 f"`output_mode='count'`. Received: count_weights={count_weights}")
            count_weights = torch.as_tensor(count_weights, device=inputs.device).to(self._compute_torch_dtype)
        return _utils.encode_categorical(torch.as_tensor(inputs), self.output_mode, self.num_tokens,
                                         self._compute_torch_dtype, count_weights)

    def compute_output_shape(self, input_shape):
        return _utils.categorical_output_shape(input_shape, self.output_mode, self.num_tokens)

    def compute_output_spec(self, inputs, count_weights=None):
        return KerasTensor(self.compute_output_shape(inputs.shape), dtype=self.compute_dtype)

    def get_config(self):
        return {**super().get_config(), "num_tokens": self.num_tokens, "output_mode": self.output_mode}
