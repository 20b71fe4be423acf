"""`jit_compile=True`: on the devices in `JIT_DEVICES` (CUDA), the forward pass with its loss and the optimizer's
update as compiled graphs, with the eager numbers, traced once; elsewhere (CPU, where it measured slower) the eager
step. These tests put the CPU in `JIT_DEVICES` to run the compiled path here."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from kerastorch.trainers import trainer as trainer_module

O = keras.optimizers


@pytest.fixture(autouse=True)
def compile_on_cpu(request, monkeypatch):
    if "eager_cpu" not in request.keywords:
        monkeypatch.setattr(trainer_module, "JIT_DEVICES", ("cpu", "cuda"))


def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(96, 6)).astype("float32")
    return x, np.tanh(x @ rng.normal(size=(6, 1))).astype("float32")


def _fit(optimizer, jit, epochs=3):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(5, activation="tanh"), keras.layers.Dense(1)])
    model.compile(optimizer=optimizer, loss="mse", jit_compile=jit)
    history = model.fit(*_data(), batch_size=16, epochs=epochs, shuffle=False, verbose=0)
    return model, history.history["loss"]


OPTIMIZERS = {
    "sgd_nesterov": lambda: O.SGD(0.1, momentum=0.9, nesterov=True),
    "adam_amsgrad_schedule": lambda: O.Adam(O.schedules.ExponentialDecay(1e-2, 3, 0.5), amsgrad=True),
    "adamw": lambda: O.AdamW(1e-2, weight_decay=0.1),
    "rmsprop_centered_clipnorm": lambda: O.RMSprop(1e-2, centered=True, momentum=0.5, clipnorm=0.5),
    "nadam_ema": lambda: O.Nadam(1e-2, use_ema=True, ema_overwrite_frequency=2),
    "lion_clipvalue": lambda: O.Lion(1e-3, clipvalue=0.1),
}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_compiled_update_gives_the_eager_numbers(name):
    eager, eager_loss = _fit(OPTIMIZERS[name](), jit=False)
    compiled, compiled_loss = _fit(OPTIMIZERS[name](), jit=True)
    assert compiled.optimizer.__dict__.get("_compiled_update") is not None  # the compiled path really ran
    np.testing.assert_allclose(compiled_loss, eager_loss, rtol=1e-5)
    for a, b in zip(compiled.get_weights(), eager.get_weights()):
        np.testing.assert_allclose(a, b, atol=5e-6)
    assert int(compiled.optimizer.iterations) == int(eager.optimizer.iterations) == 18


def test_compiled_update_is_traced_once_and_follows_a_new_learning_rate():
    torch._dynamo.utils.counters.clear()
    model, _ = _fit(O.Adam(1e-2), jit=True, epochs=1)
    graphs = torch._dynamo.utils.counters["stats"]["unique_graphs"]
    before = model.get_weights()
    model.optimizer.learning_rate = 0.0  # read from its device variable inside the graph: no retrace
    model.fit(*_data(), batch_size=16, epochs=2, shuffle=False, verbose=0)
    assert torch._dynamo.utils.counters["stats"]["unique_graphs"] == graphs
    for a, b in zip(model.get_weights(), before):
        np.testing.assert_array_equal(a, b)


def test_each_optimizer_keeps_its_own_compiled_graphs():
    # Dynamo's cache holds 8 graphs per code object: shared by every optimizer, the ninth would run eagerly.
    losses = []
    for _ in range(10):
        model, loss = _fit(O.SGD(0.05), jit=True, epochs=1)
        losses.append(loss)
        cached = torch._C._dynamo.eval_frame._debug_get_cache_entry_list(
            model.optimizer._compiled_update._torchdynamo_orig_callable.__func__.__code__
        )
        assert len(cached) == 1
    assert all(loss == losses[0] for loss in losses)


def test_compiled_forward_and_loss_give_the_eager_numbers():
    eager, eager_loss = _fit(O.Adam(1e-2), jit=False)
    compiled, compiled_loss = _fit(O.Adam(1e-2), jit=True)
    assert compiled._compiled_train_step is not None
    np.testing.assert_allclose(compiled_loss, eager_loss, rtol=1e-5)
    for a, b in zip(compiled.get_weights(), eager.get_weights()):
        np.testing.assert_allclose(a, b, atol=5e-6)


@pytest.mark.eager_cpu
def test_the_cpu_keeps_the_eager_step_by_default():
    eager, eager_loss = _fit(O.Adam(1e-2), jit=False)
    model, loss = _fit(O.Adam(1e-2), jit=True)
    assert model._device().type == "cpu" and model._compiled_train_step is None
    assert "_compiled_update" not in model.optimizer.__dict__
    assert loss == eager_loss


def test_gradient_accumulation_keeps_the_eager_update():
    eager, eager_loss = _fit(O.SGD(0.1, gradient_accumulation_steps=2), jit=False)
    compiled, compiled_loss = _fit(O.SGD(0.1, gradient_accumulation_steps=2), jit=True)
    assert "_compiled_update" not in compiled.optimizer.__dict__
    np.testing.assert_allclose(compiled_loss, eager_loss, rtol=1e-6)
