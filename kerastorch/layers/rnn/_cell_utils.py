"""Argument checks and config entries shared by the recurrent cells (not public)."""

from kerastorch import activations
from kerastorch import constraints
from kerastorch import initializers
from kerastorch import regularizers
from kerastorch.backend import random as backend_random


def check_units(layer_name, units, arg="units"):
    if isinstance(units, bool) or not isinstance(units, int) or units <= 0:
        raise ValueError(
            f"Layer '{layer_name}': `{arg}` must be a positive integer. Received: {arg}={units!r}"
        )


def check_rate(layer_name, arg, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"Layer '{layer_name}': `{arg}` must be a float in [0, 1]. Received: {arg}={value!r}")
    # As Keras: out-of-range rates are clipped to [0, 1].
    return min(1.0, max(0.0, float(value)))


def init_common(cell, activation, use_bias, kernel_initializer, recurrent_initializer, bias_initializer,
                kernel_regularizer, recurrent_regularizer, bias_regularizer, kernel_constraint,
                recurrent_constraint, bias_constraint, dropout, recurrent_dropout, seed, seed_generator_first=False):
    """Stores the arguments every cell shares, validated, under Keras's attribute names.

    Unseeded initializers and seed generators each draw a seed from Python's `random` when created, so they
    are created in Keras's order for each cell (SimpleRNN's seed generator comes first): the same global
    seed then gives the same initial weights as Keras."""
    if seed_generator_first:
        cell.seed_generator = backend_random.SeedGenerator(seed)
    cell.activation = activations.get(activation)
    cell.use_bias = use_bias
    cell.kernel_initializer = initializers.get(kernel_initializer)
    cell.recurrent_initializer = initializers.get(recurrent_initializer)
    cell.bias_initializer = initializers.get(bias_initializer)
    cell.kernel_regularizer = regularizers.get(kernel_regularizer)
    cell.recurrent_regularizer = regularizers.get(recurrent_regularizer)
    cell.bias_regularizer = regularizers.get(bias_regularizer)
    cell.kernel_constraint = constraints.get(kernel_constraint)
    cell.recurrent_constraint = constraints.get(recurrent_constraint)
    cell.bias_constraint = constraints.get(bias_constraint)
    cell.dropout = check_rate(cell.name, "dropout", dropout)
    cell.recurrent_dropout = check_rate(cell.name, "recurrent_dropout", recurrent_dropout)
    cell.seed = seed
    if not seed_generator_first:
        cell.seed_generator = backend_random.SeedGenerator(seed)


def common_config(cell):
    """The config entries of the shared arguments (read from a cell, or a layer that forwards to one)."""
    return {
        "activation": activations.serialize(cell.activation),
        "use_bias": cell.use_bias,
        "kernel_initializer": initializers.serialize(cell.kernel_initializer),
        "recurrent_initializer": initializers.serialize(cell.recurrent_initializer),
        "bias_initializer": initializers.serialize(cell.bias_initializer),
        "kernel_regularizer": regularizers.serialize(cell.kernel_regularizer),
        "recurrent_regularizer": regularizers.serialize(cell.recurrent_regularizer),
        "bias_regularizer": regularizers.serialize(cell.bias_regularizer),
        "kernel_constraint": constraints.serialize(cell.kernel_constraint),
        "recurrent_constraint": constraints.serialize(cell.recurrent_constraint),
        "bias_constraint": constraints.serialize(cell.bias_constraint),
        "dropout": cell.dropout,
        "recurrent_dropout": cell.recurrent_dropout,
    }


def add_kernels(cell, input_dim, width):
    """Creates `kernel` (input_dim, width) and `recurrent_kernel` (units, width), in Keras's order."""
    cell.kernel = cell.add_weight(shape=(input_dim, width), name="kernel", initializer=cell.kernel_initializer,
                                  regularizer=cell.kernel_regularizer, constraint=cell.kernel_constraint)
    cell.recurrent_kernel = cell.add_weight(shape=(cell.units, width), name="recurrent_kernel",
                                            initializer=cell.recurrent_initializer,
                                            regularizer=cell.recurrent_regularizer,
                                            constraint=cell.recurrent_constraint)
