import pytest
import torch

from kerastorch import random


def test_int_seed_repeats_and_seed_generator_advances():
    assert torch.equal(random.normal((3,), seed=1), random.normal((3,), seed=1))
    gen = random.SeedGenerator(7)
    assert not torch.equal(random.uniform((3,), seed=gen), random.uniform((3,), seed=gen))


def test_dtype_checks():
    with pytest.raises(ValueError, match="Received: dtype=int32"):
        random.uniform((2,), dtype="int32")
    with pytest.raises(ValueError, match="Received: dtype=float32"):
        random.randint((2,), 0, 3, dtype="float32")


def test_dropout_and_shuffle():
    x = torch.ones(1000)
    out = random.dropout(x, 0.5, seed=3)
    assert set(out.unique().tolist()) <= {0.0, 2.0}
    assert sorted(random.shuffle(torch.arange(5), seed=2).tolist()) == [0, 1, 2, 3, 4]


def test_distributions_restore_global_state():
    state = torch.random.get_rng_state()
    random.gamma((3,), 2.0, seed=1)
    random.beta((3,), 2.0, 3.0, seed=1)
    random.binomial((3,), 5, 0.5, seed=1)
    assert torch.equal(state, torch.random.get_rng_state())
    assert random.categorical(torch.zeros(2, 3), 4, seed=1).shape == (2, 4)
