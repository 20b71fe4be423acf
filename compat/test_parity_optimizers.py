"""Parity of kerastorch.optimizers with real Keras (torch backend): same variables, same 5 gradient sets,
then the variables after every step, every optimizer variable (names, shapes, values) and `get_config()`."""

import re

import numpy as np
import pytest
import torch

STEPS = 5
SHAPES = ((3, 4), (4,))
NAMES = ("kernel", "bias")


def _sched(name, *args, **kwargs):
    return lambda o: getattr(o.schedules, name)(*args, **kwargs)


# (id, factory(optimizers_module) -> optimizer). Every optimizer gets an explicit name so configs compare whole.
CASES = [
    ("sgd", lambda o: o.SGD(name="opt")),
    ("sgd_momentum", lambda o: o.SGD(0.1, momentum=0.9, name="opt")),
    ("sgd_nesterov", lambda o: o.SGD(0.1, momentum=0.9, nesterov=True, name="opt")),
    ("adam", lambda o: o.Adam(name="opt")),
    ("adam_1e-2", lambda o: o.Adam(1e-2, name="opt")),
    ("adam_amsgrad", lambda o: o.Adam(1e-2, amsgrad=True, name="opt")),
    ("adamw", lambda o: o.AdamW(1e-2, name="opt")),
    ("adamw_wd0.1", lambda o: o.AdamW(1e-2, weight_decay=0.1, name="opt")),
    ("adamax", lambda o: o.Adamax(1e-2, name="opt")),
    ("nadam", lambda o: o.Nadam(1e-2, name="opt")),
    ("rmsprop", lambda o: o.RMSprop(1e-2, name="opt")),
    ("rmsprop_centered", lambda o: o.RMSprop(1e-2, centered=True, name="opt")),
    ("rmsprop_momentum", lambda o: o.RMSprop(1e-2, momentum=0.9, name="opt")),
    ("rmsprop_centered_momentum", lambda o: o.RMSprop(1e-2, momentum=0.5, centered=True, name="opt")),
    ("adagrad", lambda o: o.Adagrad(0.1, name="opt")),
    ("adadelta", lambda o: o.Adadelta(1.0, name="opt")),
    ("adafactor", lambda o: o.Adafactor(name="opt")),
    ("adafactor_no_relative", lambda o: o.Adafactor(0.1, relative_step=False, name="opt")),
    ("ftrl", lambda o: o.Ftrl(0.1, name="opt")),
    ("ftrl_regularized", lambda o: o.Ftrl(0.1, l1_regularization_strength=0.01, l2_regularization_strength=0.02,
                                          l2_shrinkage_regularization_strength=0.03, beta=0.1, name="opt")),
    ("lion", lambda o: o.Lion(1e-2, name="opt")),
    ("lamb", lambda o: o.Lamb(1e-2, name="opt")),
    ("muon", lambda o: o.Muon(1e-2, name="opt")),
    ("muon_no_nesterov", lambda o: o.Muon(1e-2, nesterov=False, rms_rate=None, name="opt")),
    ("sgd_clipnorm", lambda o: o.SGD(0.1, clipnorm=0.5, name="opt")),
    ("adam_clipvalue", lambda o: o.Adam(1e-2, clipvalue=0.3, name="opt")),
    ("rmsprop_global_clipnorm", lambda o: o.RMSprop(1e-2, global_clipnorm=0.7, name="opt")),
    ("sgd_weight_decay", lambda o: o.SGD(0.1, momentum=0.5, weight_decay=0.05, name="opt")),
    ("adam_weight_decay", lambda o: o.Adam(1e-2, weight_decay=0.05, name="opt")),
    ("adam_ema", lambda o: o.Adam(1e-2, use_ema=True, ema_momentum=0.9, name="opt")),
    ("sgd_ema_overwrite", lambda o: o.SGD(0.1, use_ema=True, ema_momentum=0.5, ema_overwrite_frequency=2, name="opt")),
    ("adam_accumulation", lambda o: o.Adam(1e-2, gradient_accumulation_steps=2, name="opt")),
    ("sgd_loss_scale_factor", lambda o: o.SGD(0.1, loss_scale_factor=4.0, name="opt")),
    ("sgd_exponential", lambda o: o.SGD(_sched("ExponentialDecay", 0.1, 2, 0.5)(o), name="opt")),
    ("sgd_exponential_stair", lambda o: o.SGD(_sched("ExponentialDecay", 0.1, 2, 0.5, staircase=True)(o), name="opt")),
    ("adam_piecewise", lambda o: o.Adam(_sched("PiecewiseConstantDecay", [1, 3], [0.1, 0.05, 0.01])(o), name="opt")),
    ("sgd_polynomial", lambda o: o.SGD(_sched("PolynomialDecay", 0.1, 3, 0.01, power=2.0)(o), name="opt")),
    ("sgd_polynomial_cycle", lambda o: o.SGD(_sched("PolynomialDecay", 0.1, 2, 0.01, cycle=True)(o), name="opt")),
    ("sgd_inverse_time", lambda o: o.SGD(_sched("InverseTimeDecay", 0.1, 1, 0.5)(o), name="opt")),
    ("adam_cosine", lambda o: o.Adam(_sched("CosineDecay", 0.1, 4, alpha=0.1)(o), name="opt")),
    ("adam_cosine_warmup", lambda o: o.Adam(_sched("CosineDecay", 0.0, 3, warmup_target=0.1, warmup_steps=2)(o), name="opt")),
    ("sgd_cosine_restarts", lambda o: o.SGD(_sched("CosineDecayRestarts", 0.1, 2, t_mul=2.0, m_mul=0.5)(o), name="opt")),
    ("sgd_cosine_restarts_t1", lambda o: o.SGD(_sched("CosineDecayRestarts", 0.1, 2, t_mul=1.0)(o), name="opt")),
    ("loss_scale", lambda o: o.LossScaleOptimizer(o.Adam(1e-2, name="inner"), initial_scale=8.0, dynamic_growth_steps=2, name="opt")),
]  # fmt: skip


def _data(seed=0):
    rng = np.random.default_rng(seed)
    init = [rng.standard_normal(s).astype("float32") for s in SHAPES]
    grads = [[rng.standard_normal(s).astype("float32") for s in SHAPES] for _ in range(STEPS)]
    return init, grads


def _run_parity(keras_ref, kt, factory, foreach=True, nonfinite_step=None):
    init, grads = _data()
    k_vars = [keras_ref.Variable(x, name=n) for x, n in zip(init, NAMES)]
    t_vars = [kt.Variable(torch.tensor(x), name=n, path=n) for x, n in zip(init, NAMES)]
    k_opt, t_opt = factory(keras_ref.optimizers), factory(kt.optimizers)
    t_opt.foreach = foreach
    for step, grad_set in enumerate(grads):
        if step == nonfinite_step:
            grad_set = [g.copy() for g in grad_set]
            grad_set[0][0, 0] = np.inf
        k_opt.apply([keras_ref.ops.convert_to_tensor(g) for g in grad_set], k_vars)
        t_opt.apply([torch.tensor(g) for g in grad_set], t_vars)
        for k, t in zip(k_vars, t_vars):
            np.testing.assert_allclose(t.numpy(), k.numpy(), atol=1e-6, rtol=1e-5, err_msg=f"variable after step {step}")
    k_state, t_state = k_opt.variables, t_opt.variables
    assert [_name(v) for v in t_state] == [_name(v) for v in k_state]
    for k, t in zip(k_state, t_state):
        assert tuple(t.shape) == tuple(k.shape), t.name
        np.testing.assert_allclose(t.numpy(), np.asarray(k.numpy()), atol=1e-6, rtol=1e-5, err_msg=t.name)
    assert _comparable(t_opt.get_config()) == _comparable(k_opt.get_config())


def _name(variable):
    # Nadam's momentum product has no name in Keras, which numbers it per session: variable, variable_1, ...
    return re.sub(r"^variable_\d+$", "variable", variable.name)


def _comparable(config):
    # Real Keras on torch serializes a nested optimizer under its backend module
    # ("keras.src.backend.torch.optimizers.torch_adam", registered_name "Adam"); kerastorch writes the public
    # "keras.optimizers" (which both load). Everything else must be equal.
    config = dict(config)
    inner = config.get("inner_optimizer")
    if isinstance(inner, dict):
        config["inner_optimizer"] = {"class_name": inner["class_name"], "config": inner["config"]}
    return config


@pytest.mark.parametrize("factory", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_parity(keras_ref, kt, factory):
    _run_parity(keras_ref, kt, factory)


@pytest.mark.parametrize("factory", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_parity_reference_path(keras_ref, kt, factory):
    _run_parity(keras_ref, kt, factory, foreach=False)


def test_parity_loss_scale_skips_nonfinite_step(keras_ref, kt):
    factory = lambda o: o.LossScaleOptimizer(o.SGD(0.1, momentum=0.9, name="inner"), initial_scale=8.0, name="opt")  # noqa: E731
    _run_parity(keras_ref, kt, factory, nonfinite_step=2)


def test_parity_schedule_free_adamw(keras_ref, kt):
    # Real Keras on torch reads its `momentum` slot after updating it in place (the slot's `.value` aliases the
    # variable), so from step 2 on its x_old uses the new z; kerastorch follows the algorithm (the old z), as
    # Keras's other backends do. Step 1 does not depend on x_old, so it must agree, as must names and config.
    init, grads = _data()
    k_vars = [keras_ref.Variable(x, name=n) for x, n in zip(init, NAMES)]
    t_vars = [kt.Variable(torch.tensor(x), name=n, path=n) for x, n in zip(init, NAMES)]
    k_opt = keras_ref.optimizers.ScheduleFreeAdamW(name="opt")
    t_opt = kt.optimizers.ScheduleFreeAdamW(name="opt")
    k_opt.apply([keras_ref.ops.convert_to_tensor(g) for g in grads[0]], k_vars)
    t_opt.apply([torch.tensor(g) for g in grads[0]], t_vars)
    for k, t in zip(k_vars + k_opt.variables, t_vars + t_opt.variables):
        np.testing.assert_allclose(t.numpy(), np.asarray(k.numpy()), atol=1e-6)
    assert [v.name for v in t_opt.variables] == [v.name for v in k_opt.variables]
    assert t_opt.get_config() == k_opt.get_config()
