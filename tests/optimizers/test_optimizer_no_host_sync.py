"""`apply` never synchronizes host and device: every tensor-to-host conversion raises during the steps."""

import pytest
import torch

from kerastorch import optimizers
from kerastorch.backend.variable import Variable


def _refuse(*args, **kwargs):
    raise AssertionError("host-device synchronization during an optimizer step")


FACTORIES = {
    "sgd": lambda: optimizers.SGD(0.1, momentum=0.9, nesterov=True),
    "adam": lambda: optimizers.Adam(0.01, amsgrad=True),
    "adamw": lambda: optimizers.AdamW(0.01),
    "adamax": lambda: optimizers.Adamax(),
    "nadam": lambda: optimizers.Nadam(),
    "rmsprop": lambda: optimizers.RMSprop(momentum=0.5, centered=True),
    "adagrad": lambda: optimizers.Adagrad(),
    "adadelta": lambda: optimizers.Adadelta(),
    "adafactor": lambda: optimizers.Adafactor(),
    "ftrl": lambda: optimizers.Ftrl(beta=0.1),
    "lion": lambda: optimizers.Lion(),
    "lamb": lambda: optimizers.Lamb(),
    "muon": lambda: optimizers.Muon(),
    "schedule_free_adamw": lambda: optimizers.ScheduleFreeAdamW(warmup_steps=2),
    "clip_wd_ema": lambda: optimizers.Adam(clipnorm=1.0, weight_decay=0.1, use_ema=True, ema_overwrite_frequency=2),
    "global_clip_accumulate": lambda: optimizers.SGD(global_clipnorm=1.0, gradient_accumulation_steps=2),
    "clipvalue_scale_factor": lambda: optimizers.RMSprop(clipvalue=0.1, loss_scale_factor=8.0),
    "exponential": lambda: optimizers.SGD(optimizers.schedules.ExponentialDecay(0.1, 2, 0.5)),
    "piecewise": lambda: optimizers.Adam(optimizers.schedules.PiecewiseConstantDecay([1, 2], [0.1, 0.01, 0.001])),
    "polynomial": lambda: optimizers.SGD(optimizers.schedules.PolynomialDecay(0.1, 2, cycle=True)),
    "inverse_time": lambda: optimizers.Nadam(optimizers.schedules.InverseTimeDecay(0.1, 1, 0.5)),
    "cosine": lambda: optimizers.Adam(optimizers.schedules.CosineDecay(0.0, 4, warmup_target=0.1, warmup_steps=2)),
    "cosine_restarts": lambda: optimizers.SGD(optimizers.schedules.CosineDecayRestarts(0.1, 2)),
    "loss_scale_adam": lambda: optimizers.LossScaleOptimizer(optimizers.Adam(use_ema=True), dynamic_growth_steps=2),
    "loss_scale_schedule": lambda: optimizers.LossScaleOptimizer(
        optimizers.Nadam(optimizers.schedules.CosineDecay(0.1, 4)), dynamic_growth_steps=2
    ),
    "loss_scale_lamb": lambda: optimizers.LossScaleOptimizer(optimizers.Lamb(weight_decay=0.01)),
}


@pytest.mark.parametrize("foreach", [True, False], ids=["foreach", "reference"])
@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_apply_does_not_sync(name, foreach, monkeypatch):
    variables = [Variable(torch.randn(4, 3), name="kernel", path="d/kernel"), Variable(torch.randn(3), name="bias", path="d/bias")]
    optimizer = FACTORIES[name]()
    getattr(optimizer, "inner_optimizer", optimizer).foreach = foreach
    grads = [torch.randn(4, 3), torch.randn(3)]
    bad = [torch.full((4, 3), float("inf")), torch.randn(3)]
    optimizer.build(variables)
    before = [v.detach().clone() for v in variables]
    for attribute in ("item", "__bool__", "__float__", "__int__", "__index__", "cpu", "tolist", "numpy"):
        monkeypatch.setattr(torch.Tensor, attribute, _refuse)
    for step in range(4):
        optimizer.apply(bad if (step == 1 and "loss_scale" in name) else grads, variables)
    monkeypatch.undo()
    assert any(not torch.equal(a, b) for a, b in zip(before, variables))
    assert int(optimizer.iterations) == (3 if "loss_scale" in name else 2 if "accumulate" in name else 4)
