"""`Dense`: `output = activation(inputs @ kernel + bias)`, applied over the last axis."""

import torch

from kerastorch import activations
from kerastorch import constraints
from kerastorch import initializers
from kerastorch import regularizers
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer


class Dense(Layer):
    """A densely-connected layer.

    Args:
        units: Positive int, the size of the output's last axis.
        activation: Activation name or function; None means linear.
        use_bias: Whether to add a bias vector.
        kernel_initializer, bias_initializer: Initializers (default `"glorot_uniform"`, `"zeros"`).
        kernel_regularizer, bias_regularizer, activity_regularizer: Optional regularizers.
        kernel_constraint, bias_constraint: Optional constraints.

    Input shape:
        `(batch_size, ..., input_dim)`.

    Output shape:
        `(batch_size, ..., units)`.

    Weights:
        `kernel` of shape `(input_dim, units)` (Keras's layout, not torch's `(out, in)`), then `bias` `(units,)`.
    """

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, lora_rank=None, lora_alpha=None,
                 quantization_config=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if isinstance(units, bool) or not isinstance(units, int) or units <= 0:
            raise ValueError(
                f"Received an invalid value for `units`, expected a positive integer. Received: units={units}"
            )
        if lora_rank is not None or quantization_config is not None:
            raise ValueError(
                f"Dense layer '{self.name}': LoRA and quantization are not supported by kerastorch. "
                f"Received: lora_rank={lora_rank}, quantization_config={quantization_config}"
            )
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True
        self.bias = None

    def build(self, input_shape):
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(
                f"Dense layer '{self.name}' needs the last axis of its input to be known. "
                f"Received: input_shape={input_shape}"
            )
        self.kernel = self.add_weight(name="kernel", shape=(input_dim, self.units),
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight(name="bias", shape=(self.units,), initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})
        self.built = True

    def call(self, inputs):
        # The kernel is stored (in, out) as in Keras. A batch of vectors is one `addmm` with it as it is (the same
        # GEMM linear() runs, without its two transposes); other ranks go through linear(), which wants (out, in).
        if inputs.dim() == 2 and self.bias is not None:
            return self.activation(torch.addmm(self.bias, inputs, self.kernel))
        return self.activation(torch.nn.functional.linear(inputs, self.kernel.t(), self.bias))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "quantization_config": None,
        }

    def extra_repr(self):
        return f"name={self.name!r}, units={self.units}"
