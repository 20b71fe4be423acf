"""keras.random: random tensors with Keras's seed semantics.

An integer `seed` gives the same values on every call (those of real Keras on torch for that seed); a
`SeedGenerator` advances on each draw; `seed=None` draws from the global generator that
`keras.utils.set_random_seed` resets. Gamma, binomial and beta draw from torch's global generator reseeded for
the call (as Keras on torch does), with its previous state restored afterwards.
"""

import contextlib

import torch

from kerastorch.backend import config
from kerastorch.backend import device as device_lib
from kerastorch.backend import random as backend_random
from kerastorch.backend.dtypes import is_float_dtype
from kerastorch.backend.dtypes import is_int_dtype
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.random import SeedGenerator
from kerastorch.backend.random import draw_seed
from kerastorch.ops.core import _to_tensor


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Values from a normal distribution.

    Args:
        shape: The output shape.
        mean, stddev: The distribution's mean and standard deviation.
        dtype: A floating dtype (floatx by default).
        seed: An int, a `SeedGenerator`, or None (the global generator).
    """
    return backend_random.normal(shape, mean=mean, stddev=stddev, dtype=dtype or config.floatx(), seed=seed)


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Values from a uniform distribution on `[minval, maxval)`; `dtype` must be floating."""
    if dtype and not is_float_dtype(dtype):
        raise ValueError(
            f"`keras.random.uniform` requires a floating point `dtype`. Received: dtype={dtype} "
        )
    return backend_random.uniform(shape, minval=minval, maxval=maxval, dtype=dtype or config.floatx(), seed=seed)


def randint(shape, minval, maxval, dtype="int32", seed=None):
    """Integers from a uniform distribution on `[minval, maxval)`; `dtype` must be an integer type."""
    if dtype and not is_int_dtype(dtype):
        raise ValueError(
            f"`keras.random.randint` requires an integer `dtype`. Received: dtype={dtype} "
        )
    return backend_random.randint(shape, minval, maxval, dtype=dtype, seed=seed)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal values redrawn until within two standard deviations of the mean."""
    return backend_random.truncated_normal(shape, mean=mean, stddev=stddev, dtype=dtype or config.floatx(),
                                           seed=seed)


def categorical(logits, num_samples, dtype="int32", seed=None):
    """Class indices drawn from the categorical distributions with `logits` of shape `(batch, classes)`."""
    logits = _to_tensor(logits)
    if logits.ndim != 2:
        raise ValueError(
            "`logits` should be a 2-D tensor with shape [batch_size, num_classes]. "
            f"Received: logits={logits}"
        )
    generator = backend_random.torch_generator(seed, logits.device)
    probs = torch.softmax(logits, dim=-1)
    return torch.multinomial(probs, num_samples, replacement=True, generator=generator).to(to_torch_dtype(dtype))


def dropout(inputs, rate, noise_shape=None, seed=None):
    """`inputs` with a `rate` fraction of entries zeroed and the rest scaled by `1 / (1 - rate)`.

    `noise_shape` broadcasts one mask over some axes (None entries take the input's size). A seeded call draws
    its mask from that seed; an unseeded one uses torch's fast dropout (and its global generator), as in Keras.
    """
    inputs = _to_tensor(inputs)
    if rate == 1.0:
        return torch.zeros_like(inputs)
    if rate == 0.0:
        return inputs
    seeded = seed is not None and not (isinstance(seed, SeedGenerator) and seed._initial_seed is None)
    if not seeded and noise_shape is None:
        return torch.nn.functional.dropout(inputs, p=rate, training=True)
    keep = 1.0 - rate
    shape = inputs.shape if noise_shape is None else [
        inputs.shape[i] if size is None else size for i, size in enumerate(noise_shape)]
    probabilities = torch.full(tuple(shape), keep, device=inputs.device)
    mask = torch.bernoulli(probabilities, generator=backend_random.torch_generator(seed, inputs.device)).bool()
    return torch.where(torch.broadcast_to(mask, inputs.shape), inputs / keep, torch.zeros_like(inputs))


def shuffle(x, axis=0, seed=None):
    """`x` with its slices along `axis` randomly permuted."""
    x = _to_tensor(x)
    generator = backend_random.torch_generator(seed, x.device)
    order = torch.rand(x.shape[: axis + 1], generator=generator, device=x.device).argsort(axis)
    order = order.reshape(tuple(order.shape) + (1,) * (x.ndim - axis - 1)).expand(x.shape)
    return x.gather(axis, order)


@contextlib.contextmanager
def _reseeded_global_generator(seed):
    device = device_lib.get_device()
    devices = [device] if device.type == "cuda" else []
    with torch.random.fork_rng(devices=devices):
        first, second = draw_seed(seed)
        torch.manual_seed(int(first + second) & 0xFFFFFFFF)
        yield


def _broadcast(value, shape):
    return torch.broadcast_to(_to_tensor(value), tuple(shape))


def gamma(shape, alpha, dtype=None, seed=None):
    """Values from gamma distributions with concentrations `alpha` (rate 1)."""
    dtype = to_torch_dtype(dtype or config.floatx())
    alpha = _broadcast(alpha, shape)
    with _reseeded_global_generator(seed):
        sample = torch.distributions.Gamma(alpha, torch.ones(tuple(shape), device=alpha.device)).sample()
    return sample.to(dtype)


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    """Success counts of `counts` trials with success probabilities `probabilities`."""
    dtype = to_torch_dtype(dtype or config.floatx())
    counts = _broadcast(counts, shape)
    probabilities = _broadcast(probabilities, shape)
    with _reseeded_global_generator(seed):
        sample = torch.distributions.Binomial(total_count=counts, probs=probabilities).sample()
    return sample.to(dtype)


def beta(shape, alpha, beta, dtype=None, seed=None):
    """Values from beta distributions with concentrations `alpha` and `beta`."""
    dtype = to_torch_dtype(dtype or config.floatx())
    alpha = _broadcast(alpha, shape)
    beta_ = _broadcast(beta, shape)
    with _reseeded_global_generator(seed):
        sample = torch.distributions.Beta(concentration1=alpha, concentration0=beta_).sample()
    return sample.to(dtype)
