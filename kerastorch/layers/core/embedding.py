"""`Embedding`: looks up a learned vector for each integer index."""

import warnings

import torch

from kerastorch import constraints
from kerastorch import initializers
from kerastorch import regularizers
from kerastorch.layers.layer import Layer


class Embedding(Layer):
    """Turns non-negative integer indices into dense vectors of fixed size: row `i` of `embeddings` for `i`.

    Args:
        input_dim: Positive int, the vocabulary size (largest index + 1).
        output_dim: Positive int, the size of each vector.
        embeddings_initializer: Initializer of the table (default `"uniform"`, in [-0.05, 0.05]).
        embeddings_regularizer, activity_regularizer: Optional regularizers.
        embeddings_constraint: Optional constraint on the table.
        mask_zero: Whether index 0 is padding. If True the layer outputs a mask (`inputs != 0`) that
            downstream layers such as RNNs use to skip the padding, and index 0 cannot be a word.
        weights: Optional initial table, `(input_dim, output_dim)`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Input shape:
        `(batch_size, ...)` integers (other dtypes are cast to integers).

    Output shape:
        `(batch_size, ..., output_dim)`.

    Weights:
        `embeddings`, `(input_dim, output_dim)`.
    """

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform", embeddings_regularizer=None,
                 embeddings_constraint=None, mask_zero=False, weights=None, lora_rank=None, lora_alpha=None,
                 quantization_config=None, **kwargs):
        for arg, value in (("input_dim", input_dim), ("output_dim", output_dim)):
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(
                    f"`{arg}` of an Embedding layer must be a positive integer. Received: {arg}={value!r}"
                )
        if kwargs.pop("input_length", None) is not None:
            warnings.warn("Argument `input_length` is deprecated. Just remove it.", stacklevel=2)
        super().__init__(**kwargs)
        if lora_rank is not None or quantization_config is not None:
            raise ValueError(
                f"Embedding layer '{self.name}': LoRA and quantization are not supported by kerastorch. "
                f"Received: lora_rank={lora_rank}, quantization_config={quantization_config}"
            )
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = mask_zero
        self.supports_masking = mask_zero
        # Indices are not floats to cast; the table's dtype decides the output's.
        self.autocast = False
        if weights is not None:
            self.build()
            if not (isinstance(weights, list) and len(weights) == 1):
                weights = [weights]
            self.set_weights(weights)

    def build(self, input_shape=None):
        if self.built:
            return
        self.embeddings = self.add_weight(shape=(self.input_dim, self.output_dim), name="embeddings",
                                          initializer=self.embeddings_initializer,
                                          regularizer=self.embeddings_regularizer,
                                          constraint=self.embeddings_constraint)
        self.built = True

    def call(self, inputs):
        if inputs.dtype not in (torch.int32, torch.int64):
            inputs = inputs.to(torch.int32)
        outputs = torch.nn.functional.embedding(inputs, self.embeddings)
        return outputs if outputs.dtype == self._compute_torch_dtype else outputs.to(self._compute_torch_dtype)

    def compute_mask(self, inputs, previous_mask=None):
        if not self.mask_zero:
            return None
        return inputs != 0

    def compute_output_shape(self, input_shape):
        return (*input_shape, self.output_dim)

    def get_config(self):
        return {
            **super().get_config(),
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
            "embeddings_regularizer": regularizers.serialize(self.embeddings_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "embeddings_constraint": constraints.serialize(self.embeddings_constraint),
            "mask_zero": self.mask_zero,
            "quantization_config": None,
        }

    def extra_repr(self):
        return f"name={self.name!r}, input_dim={self.input_dim}, output_dim={self.output_dim}"
