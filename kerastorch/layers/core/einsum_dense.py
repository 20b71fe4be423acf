"""`EinsumDense`: a dense layer whose contraction is an einsum equation."""

import re

import torch
import torch.nn.functional as F

from kerastorch import activations
from kerastorch import constraints
from kerastorch import initializers
from kerastorch import regularizers
from kerastorch.initializers.variance_scaling import VarianceScaling
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer


class EinsumDense(Layer):
    """A dense layer of any rank: `output = activation(einsum(equation, inputs, kernel) + bias)`.

    The equation names the input, kernel and output axes, e.g. `"abc,cd->abd"` (a Dense over the last axis of
    a 3D input) or `"abc,cde->abde"` (projection into heads). `...` stands for axes passed through (on the
    left, `"...b,bc->...c"`, or on the right, `"ab...,bc->ac..."`). The kernel's shape is read from the input
    and output shapes.

    Args:
        equation: The einsum equation, `"<input>,<kernel>-><output>"`.
        output_shape: The output shape without the batch axis (an int, or a tuple with None for axes taken
            from the input).
        activation: Activation name or function; None means linear.
        bias_axes: String of output axis letters that get a bias (e.g. `"de"`), or None for no bias.
        kernel_initializer, bias_initializer: Initializers (default `"glorot_uniform"`, `"zeros"`). A
            variance-scaling initializer counts the kernel's contracted axes as its fan-in and the output axes
            as its fan-out.
        kernel_regularizer, bias_regularizer, activity_regularizer: Optional regularizers.
        kernel_constraint, bias_constraint: Optional constraints.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Weights:
        `kernel`, then `bias` (when `bias_axes` is set).

    Example:

    >>> layer = keras.layers.EinsumDense("abc,cde->abde", output_shape=(None, 4, 8), bias_axes="de")
    >>> layer(torch.zeros(2, 5, 16)).shape
    torch.Size([2, 5, 4, 8])
    """

    def __init__(self, equation, output_shape, activation=None, bias_axes=None, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, lora_rank=None, lora_alpha=None, gptq_unpacked_column_size=None,
                 quantization_config=None, **kwargs):
        super().__init__(**kwargs)
        if lora_rank is not None or quantization_config is not None or gptq_unpacked_column_size is not None:
            raise ValueError(
                f"EinsumDense layer '{self.name}': LoRA and quantization are not supported by kerastorch. "
                f"Received: lora_rank={lora_rank}, quantization_config={quantization_config}"
            )
        if not isinstance(equation, str):
            raise TypeError(f"EinsumDense layer '{self.name}': `equation` must be a string. Received: equation={equation!r}")
        self.equation = equation
        self.partial_output_shape = (output_shape,) if isinstance(output_shape, int) else tuple(output_shape)
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.bias = None

    def build(self, input_shape):
        kernel_shape, bias_shape, _, input_axes, output_axes = _analyze_equation(
            self, self.equation, self.bias_axes, input_shape, self.partial_output_shape
        )
        self.input_spec = InputSpec(ndim=len(input_shape))
        kernel_initializer = self.kernel_initializer
        if isinstance(kernel_initializer, VarianceScaling) and (
            kernel_initializer.input_axes is None or kernel_initializer.output_axes is None
        ):
            # The clone keeps the seed already drawn (as Keras does), so it draws no new one from the global stream.
            config = {**kernel_initializer.get_config(), "seed": kernel_initializer.seed, "input_axes": input_axes,
                      "output_axes": output_axes}
            kernel_initializer = kernel_initializer.__class__.from_config(config)
        self.kernel = self.add_weight(name="kernel", shape=tuple(kernel_shape), initializer=kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        if bias_shape is not None:
            self.bias = self.add_weight(name="bias", shape=tuple(bias_shape), initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs, training=None):
        linear = self.__dict__.get("_linear_form")
        if linear is None:
            linear = self.__dict__["_linear_form"] = _linear_form(self.equation, self.bias_axes)
        if linear:
            # A Dense over trailing axes: one matmul with the bias folded in, as `F.linear` (einsum would run a
            # batched matmul, then add the bias in a separate pass over the output).
            contracted, outputs_ndim = linear
            kept = inputs.shape[: inputs.dim() - contracted]
            out_shape = self.kernel.shape[contracted:]
            weight = self.kernel.reshape(-1, out_shape.numel()).t()
            bias = None if self.bias is None else self.bias.reshape(-1)
            outputs = F.linear(inputs.reshape(*kept, weight.shape[1]), weight, bias).reshape(*kept, *out_shape)
        else:
            outputs = torch.einsum(self.equation, inputs, self.kernel)
            if self.bias is not None:
                outputs = outputs + self.bias
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        return tuple(_analyze_equation(self, self.equation, self.bias_axes, input_shape, self.partial_output_shape)[2])

    def get_config(self):
        return {
            **super().get_config(),
            "output_shape": self.partial_output_shape,
            "equation": self.equation,
            "activation": activations.serialize(self.activation),
            "bias_axes": self.bias_axes,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "quantization_config": None,
        }

    def extra_repr(self):
        return f"name={self.name!r}, equation={self.equation!r}, output_shape={self.partial_output_shape}"


def _analyze_equation(layer, equation, bias_axes, input_shape, output_shape):
    """Returns `(kernel_shape, bias_shape, full_output_shape, kernel_input_axes, kernel_output_axes)`."""
    compact = equation.replace("...", "0")
    for pattern, left_elided in (("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)", False),
                                 ("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)", True),
                                 ("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0", False)):
        match = re.fullmatch(pattern, compact)
        if match:
            break
    else:
        raise ValueError(
            f"EinsumDense layer '{layer.name}': the equation must look like 'X,Y->Z', '...X,Y->...Z' or "
            f"'X...,Y->Z...'. Received: equation={equation!r}"
        )
    input_spec, weight_spec, output_spec = match.groups()
    input_shape = list(input_shape)
    elided = len(input_shape) - len(input_spec)
    full_output = [input_shape[0]] + list(output_shape)
    if elided > 0 and left_elided:
        for i in range(1, elided):
            full_output.insert(1, input_shape[i])
    elif elided > 0:
        full_output.extend(input_shape[len(input_shape) - elided:])
    if left_elided:
        input_position = {dim: i + elided - len(input_shape) for i, dim in enumerate(input_spec)}
        output_position = {dim: i + elided for i, dim in enumerate(output_spec)}
    else:
        input_position = {dim: i for i, dim in enumerate(input_spec)}
        output_position = {dim: i for i, dim in enumerate(output_spec)}
    for dim in input_spec:
        if dim in output_position:
            expected, got = full_output[output_position[dim]], input_shape[input_position[dim]]
            if expected is None:
                # An axis passed through from the input: its size is the input's (Keras leaves it unknown).
                full_output[output_position[dim]] = got
            elif expected != got:
                raise ValueError(
                    f"EinsumDense layer '{layer.name}': input and output disagree on the size of the shared axis "
                    f"'{dim}' ({got} vs {expected}). Received: input_shape={tuple(input_shape)}, "
                    f"output_shape={output_shape}"
                )
    for dim in output_spec:
        if dim not in input_spec and dim not in weight_spec:
            raise ValueError(
                f"EinsumDense layer '{layer.name}': output axis '{dim}' appears in neither the input nor the "
                f"kernel. Received: equation={equation!r}"
            )
    kernel_shape, kernel_input_axes, kernel_output_axes = [], [], []
    for i, dim in enumerate(weight_spec):
        if dim in output_position:
            kernel_shape.append(full_output[output_position[dim]])
            kernel_output_axes.append(i)
        elif dim in input_position:
            kernel_shape.append(input_shape[input_position[dim]])
            kernel_input_axes.append(i)
        else:
            raise ValueError(
                f"EinsumDense layer '{layer.name}': kernel axis '{dim}' appears in neither the input nor the "
                f"output, so its size is unknown. Received: equation={equation!r}"
            )
    bias_shape = None
    if bias_axes is not None:
        offset = elided if left_elided else 0
        sizes = {char: full_output[i + offset] for i, char in enumerate(output_spec)}
        for char in bias_axes:
            if char not in output_spec:
                raise ValueError(
                    f"EinsumDense layer '{layer.name}': bias axis '{char}' is not an output axis "
                    f"'{output_spec}'. Received: bias_axes={bias_axes!r}"
                )
        first = min(output_spec.find(char) for char in bias_axes)
        bias_shape = [sizes[char] if char in bias_axes else 1 for char in output_spec[first:]]
        if not left_elided:
            bias_shape.extend([1] * elided)
    return kernel_shape, bias_shape, full_output, kernel_input_axes, kernel_output_axes


def _linear_form(equation, bias_axes):
    """`(number of contracted axes, number of output axes)` when `equation` is a Dense over trailing axes: the
    input is `free + contracted`, the kernel `contracted + new`, the output `free + new` (letters in that order,
    a leading `...` allowed), with the bias, if any, on exactly the new axes. Otherwise False."""
    match = re.fullmatch(r"(\.\.\.)?([a-zA-Z]*),([a-zA-Z]+)->(\.\.\.)?([a-zA-Z]+)", equation)
    if not match or bool(match.group(1)) != bool(match.group(4)):
        return False
    lhs, rhs, out = match.group(2), match.group(3), match.group(5)
    for contracted in range(1, min(len(lhs), len(rhs)) + 1):
        free, shared, new = lhs[: len(lhs) - contracted], lhs[len(lhs) - contracted:], rhs[contracted:]
        if rhs[:contracted] == shared and out == free + new and new and len(set(lhs + rhs)) == len(lhs + new):
            if bias_axes is None or bias_axes == new:
                return contracted, len(new)
            return False
    return False

