"""Learning-rate schedules: values at chosen steps, the tensor path equal to the int path, configs."""

import math

import numpy as np
import pytest
import torch

from kerastorch.optimizers import schedules

CASES = [
    (schedules.ExponentialDecay(0.1, 10, 0.5), {0: 0.1, 5: 0.1 * 0.5**0.5, 20: 0.025}),
    (schedules.ExponentialDecay(0.1, 10, 0.5, staircase=True), {9: 0.1, 10: 0.05, 25: 0.025}),
    (schedules.PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1]), {0: 1.0, 10: 1.0, 11: 0.5, 20: 0.5, 21: 0.1}),
    (schedules.PolynomialDecay(0.1, 10, 0.0), {0: 0.1, 5: 0.05, 10: 0.0, 50: 0.0}),
    (schedules.PolynomialDecay(0.1, 10, 0.01, power=2.0), {5: 0.09 * 0.25 + 0.01}),
    (schedules.PolynomialDecay(0.1, 10, 0.0, cycle=True), {0: 0.1, 10: 0.0, 15: 0.1 * 0.25}),
    (schedules.InverseTimeDecay(0.1, 1, 0.5), {0: 0.1, 2: 0.05, 6: 0.025}),
    (schedules.InverseTimeDecay(0.1, 2, 1.0, staircase=True), {1: 0.1, 2: 0.05}),
    (schedules.CosineDecay(0.1, 10), {0: 0.1, 5: 0.05, 10: 0.0, 20: 0.0}),
    (schedules.CosineDecay(0.1, 10, alpha=0.1), {10: 0.01, 5: 0.1 * (0.9 * 0.5 + 0.1)}),
    (schedules.CosineDecay(0.0, 10, warmup_target=0.2, warmup_steps=4), {0: 0.0, 2: 0.1, 4: 0.2, 9: 0.1, 14: 0.0}),
    (schedules.CosineDecayRestarts(0.1, 10), {0: 0.1, 5: 0.05, 10: 0.1, 20: 0.05, 30: 0.1}),
    (schedules.CosineDecayRestarts(0.1, 10, t_mul=1.0, m_mul=0.5), {10: 0.05, 15: 0.025, 20: 0.025}),
]


@pytest.mark.parametrize("schedule, expected", CASES, ids=[f"{type(c[0]).__name__}{i}" for i, c in enumerate(CASES)])
def test_values_at_steps(schedule, expected):
    for step, value in expected.items():
        host = schedule(step)
        assert isinstance(host, float)
        assert math.isclose(host, value, rel_tol=1e-6, abs_tol=1e-8), (step, host, value)
        device = schedule(torch.tensor(step, dtype=torch.int32))
        assert isinstance(device, torch.Tensor) and device.dtype == torch.float32
        np.testing.assert_allclose(float(device), host, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("schedule", [c[0] for c in CASES])
def test_config_round_trip(schedule):
    config = schedule.get_config()
    assert type(schedule).from_config(config).get_config() == config
    serialized = schedules.serialize(schedule)
    assert serialized["module"] == "keras.optimizers.schedules"
    assert schedules.deserialize(serialized).get_config() == config
