"""Hand-computed steps of every optimizer, and the foreach path equal to the per-variable reference path."""

import math

import numpy as np
import pytest
import torch

from kerastorch import optimizers
from kerastorch.backend.variable import Variable

W0 = np.array([[1.0, -2.0], [0.5, 3.0]], dtype="float32")
G = np.array([[0.1, -0.2], [0.3, 0.4]], dtype="float32")


def _step(optimizer, grads=(G,), steps=1, w0=W0):
    variable = Variable(torch.tensor(w0), name="kernel", path="dense/kernel")
    for _ in range(steps):
        for g in grads:
            optimizer.apply([torch.tensor(g)], [variable])
    return variable.numpy()


def test_sgd_plain():
    np.testing.assert_allclose(_step(optimizers.SGD(0.1)), W0 - 0.1 * G, rtol=1e-6)


def test_sgd_momentum_two_steps():
    v1 = -0.1 * G
    v2 = 0.9 * v1 - 0.1 * G
    np.testing.assert_allclose(_step(optimizers.SGD(0.1, momentum=0.9), steps=2), W0 + v1 + v2, rtol=1e-6)


def test_sgd_nesterov_two_steps():
    v1 = -0.1 * G
    w1 = W0 + 0.9 * v1 - 0.1 * G
    v2 = 0.9 * v1 - 0.1 * G
    w2 = w1 + 0.9 * v2 - 0.1 * G
    np.testing.assert_allclose(_step(optimizers.SGD(0.1, momentum=0.9, nesterov=True), steps=2), w2, rtol=1e-6)


def _adam_reference(steps, lr=0.01, b1=0.9, b2=0.999, eps=1e-7, amsgrad=False):
    w, m, v, vhat = W0.astype("float64"), 0.0, 0.0, 0.0
    for t in range(1, steps + 1):
        m = b1 * m + (1 - b1) * G
        v = b2 * v + (1 - b2) * G**2
        vhat = np.maximum(vhat, v) if amsgrad else v
        # Keras's placement: epsilon outside the bias-corrected root, the corrections folded into the rate.
        w = w - lr * math.sqrt(1 - b2**t) / (1 - b1**t) * m / (np.sqrt(vhat) + eps)
    return w


def test_adam_three_steps():
    np.testing.assert_allclose(_step(optimizers.Adam(0.01), steps=3), _adam_reference(3), rtol=1e-5)


def test_adam_is_not_torch_adam_epsilon():
    # Large epsilon makes the two placements differ visibly: Keras's is eps * sqrt(1 - beta_2) apart.
    w = _step(optimizers.Adam(0.1, epsilon=0.1))
    np.testing.assert_allclose(w, _adam_reference(1, lr=0.1, eps=0.1), rtol=1e-5)
    torch_form = W0 - 0.1 * G / (np.abs(G) + 0.1)
    assert not np.allclose(w, torch_form, rtol=1e-3)


def test_adam_amsgrad():
    grads = (G, G * 0.1)
    w = W0.astype("float64")
    m = v = vhat = 0.0
    for t, g in enumerate(grads, start=1):
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g**2
        vhat = np.maximum(vhat, v)
        w = w - 0.01 * math.sqrt(1 - 0.999**t) / (1 - 0.9**t) * m / (np.sqrt(vhat) + 1e-7)
    np.testing.assert_allclose(_step(optimizers.Adam(0.01, amsgrad=True), grads=grads), w, rtol=1e-5)


def test_adamw_decays_then_steps():
    decayed = W0 * (1 - 0.1 * 0.01)
    expected = _adam_reference(1, lr=0.01) - W0 + decayed
    np.testing.assert_allclose(_step(optimizers.AdamW(0.01, weight_decay=0.1)), expected, rtol=1e-5)


def test_adamax():
    m = 0.1 * G
    u = np.abs(G)
    expected = W0 - 0.01 * m / ((1 - 0.9) * (u + 1e-7))
    np.testing.assert_allclose(_step(optimizers.Adamax(0.01)), expected, rtol=1e-5)


def test_nadam():
    u1 = 0.9 * (1 - 0.5 * 0.96**1)
    u2 = 0.9 * (1 - 0.5 * 0.96**2)
    m = 0.1 * G
    v = 0.001 * G**2
    m_hat = u2 * m / (1 - u1 * u2) + (1 - u1) * G / (1 - u1)
    v_hat = v / (1 - 0.999)
    expected = W0 - 0.01 * m_hat / (np.sqrt(v_hat) + 1e-7)
    np.testing.assert_allclose(_step(optimizers.Nadam(0.01)), expected, rtol=1e-5)


@pytest.mark.parametrize("centered", [False, True])
@pytest.mark.parametrize("momentum", [0.0, 0.5])
def test_rmsprop(centered, momentum):
    v = 0.1 * G**2
    denominator = v - (0.1 * G) ** 2 + 1e-7 if centered else v + 1e-7
    increment = 0.01 * G / np.sqrt(denominator)
    w = _step(optimizers.RMSprop(0.01, momentum=momentum, centered=centered))
    np.testing.assert_allclose(w, W0 - increment, rtol=1e-5)


def test_adagrad():
    accumulator = 0.1 + G**2
    np.testing.assert_allclose(_step(optimizers.Adagrad(0.1)), W0 - 0.1 * G / np.sqrt(accumulator + 1e-7), rtol=1e-5)


def test_adadelta():
    acc_g = 0.05 * G**2
    delta = -np.sqrt(1e-7) * G / np.sqrt(acc_g + 1e-7)
    np.testing.assert_allclose(_step(optimizers.Adadelta(1.0)), W0 + delta, rtol=1e-5)


def test_lion():
    np.testing.assert_allclose(_step(optimizers.Lion(0.01)), W0 - 0.01 * np.sign(0.1 * G), rtol=1e-6)


def test_lamb():
    update = (0.1 * G / 0.1) / (np.sqrt(0.001 * G**2 / 0.001) + 1e-7)
    ratio = np.linalg.norm(W0) / np.linalg.norm(update)
    np.testing.assert_allclose(_step(optimizers.Lamb(0.01)), W0 - ratio * 0.01 * update, rtol=1e-5)


def test_ftrl_with_l1_gives_exact_zeros():
    lr, l1 = 0.1, 0.05
    accumulator = 0.1 + G**2
    linear = G - (np.sqrt(accumulator) - np.sqrt(0.1)) / lr * W0
    quadratic = np.sqrt(accumulator) / lr
    expected = (np.clip(linear, -l1, l1) - linear) / quadratic
    np.testing.assert_allclose(_step(optimizers.Ftrl(lr, l1_regularization_strength=l1)), expected, rtol=1e-5)


def test_adafactor_factored():
    t = 1
    lr = min(0.001, 1 / math.sqrt(t))
    alpha = max(1e-3, np.sqrt(np.mean(W0**2))) * lr
    reg = G.astype("float64") ** 2 + 1e-30
    beta = 1 - t**-0.8  # 0 at t=1: the statistics are this step's
    r = (1 - beta) * reg.mean(-1)
    c = (1 - beta) * reg.mean(-2)
    v = (r / r.mean())[:, None] * c[None, :]
    u = G / np.sqrt(v)
    u = u / max(1.0, np.sqrt(np.mean(u**2)) / 1.0)
    np.testing.assert_allclose(_step(optimizers.Adafactor()), W0 - alpha * u, rtol=1e-5)


def test_muon_orthogonalizes_2d_update():
    optimizer = optimizers.Muon(0.01, weight_decay=0.0, rms_rate=None, ns_steps=5)
    w = _step(optimizer)
    update = (W0 - w) / 0.01
    # Newton-Schulz drives singular values towards ~1 (roughly, with these coefficients).
    singular_values = np.linalg.svd(update, compute_uv=False)
    assert np.all((singular_values > 0.5) & (singular_values < 1.3))


def test_schedule_free_adamw_follows_the_algorithm():
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    y, z, v = W0.astype("float64"), W0.astype("float64"), 0.0
    grads = (G, -G * 2)
    for t, g in enumerate(grads, start=1):
        x = (y - (1 - b1) * z) / b1
        v = v + (g**2 - v) * (1 - b2)
        z = z - lr * g / (np.sqrt(v / (1 - b2**t)) + eps)
        x = (1 - 1 / t) * x + (1 / t) * z
        y = (1 - b1) * z + b1 * x
    np.testing.assert_allclose(_step(optimizers.ScheduleFreeAdamW(lr), grads=grads), y, rtol=1e-5)


def _all_factories():
    return {
        "sgd": lambda: optimizers.SGD(0.1),
        "sgd_momentum": lambda: optimizers.SGD(0.1, momentum=0.9),
        "sgd_nesterov": lambda: optimizers.SGD(0.1, momentum=0.9, nesterov=True),
        "adam": lambda: optimizers.Adam(0.01),
        "adam_amsgrad": lambda: optimizers.Adam(0.01, amsgrad=True),
        "adamw": lambda: optimizers.AdamW(0.01),
        "adamax": lambda: optimizers.Adamax(0.01),
        "nadam": lambda: optimizers.Nadam(0.01),
        "rmsprop": lambda: optimizers.RMSprop(0.01),
        "rmsprop_centered_momentum": lambda: optimizers.RMSprop(0.01, momentum=0.5, centered=True),
        "adagrad": lambda: optimizers.Adagrad(0.1),
        "adadelta": lambda: optimizers.Adadelta(1.0),
        "ftrl": lambda: optimizers.Ftrl(0.1, l1_regularization_strength=0.01, beta=0.1),
        "lion": lambda: optimizers.Lion(0.01),
        "lamb": lambda: optimizers.Lamb(0.01),
        "schedule_free_adamw": lambda: optimizers.ScheduleFreeAdamW(0.01, warmup_steps=2),
        "adam_clipnorm_ema": lambda: optimizers.Adam(0.01, clipnorm=0.5, use_ema=True),
        "sgd_schedule": lambda: optimizers.SGD(optimizers.schedules.CosineDecay(0.1, 4), momentum=0.5),
        "loss_scale": lambda: optimizers.LossScaleOptimizer(optimizers.Adam(0.01), initial_scale=4.0),
    }


@pytest.mark.parametrize("name", sorted(_all_factories()))
def test_foreach_path_equals_reference_path(name):
    rng = np.random.default_rng(1)
    shapes = [(5, 3), (3,), (2, 2, 2)]
    init = [rng.standard_normal(s).astype("float32") for s in shapes]
    grad_sets = [[torch.tensor(rng.standard_normal(s).astype("float32")) for s in shapes] for _ in range(4)]
    results = []
    for foreach in (True, False):
        optimizer = _all_factories()[name]()
        inner = getattr(optimizer, "inner_optimizer", optimizer)
        inner.foreach = foreach
        variables = [Variable(torch.tensor(x), name=f"w{i}", path=f"w{i}") for i, x in enumerate(init)]
        for grads in grad_sets:
            optimizer.apply(grads, variables)
        results.append([v.numpy() for v in variables] + [v.numpy() for v in optimizer.variables])
    for fast, reference in zip(*results):
        np.testing.assert_allclose(fast, reference, rtol=1e-5, atol=1e-7)


def test_foreach_groups_mixed_dtypes():
    optimizer = optimizers.Adam(0.01)
    a = Variable(torch.ones(3, dtype=torch.float32), name="a", path="a")
    b = Variable(torch.ones(3, dtype=torch.float64), name="b", path="b")
    optimizer.apply([torch.full((3,), 0.5), torch.full((3,), 0.5, dtype=torch.float64)], [a, b])
    np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6)
    assert b.dtype == torch.float64 and optimizer.variables[-1].dtype == torch.float64
