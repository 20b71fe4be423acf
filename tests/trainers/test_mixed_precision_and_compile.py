"""Mixed precision policies and `jit_compile=True`."""

import numpy as np
import pytest
import torch

import kerastorch as keras


@pytest.fixture
def policy():
    def use(name):
        keras.mixed_precision.set_global_policy(name)

    yield use
    keras.config.set_dtype_policy(None)  # unset: the policy follows floatx again, as before the test


def _regression_data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(128, 4)).astype("float32")
    return x, x @ np.array([[1.0], [-2.0], [0.5], [1.5]], dtype="float32")


@pytest.mark.parametrize("name, compute", [("mixed_bfloat16", torch.bfloat16), ("mixed_float16", torch.float16)])
def test_mixed_policy_keeps_float32_weights_and_computes_in_half(policy, name, compute):
    policy(name)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(1, dtype="float32")])
    hidden = model.layers[0]
    assert hidden.dtype_policy.name == name and hidden.compute_dtype == str(compute).split(".")[1]
    assert hidden.kernel.dtype == torch.float32
    assert hidden(torch.ones(2, 4)).dtype == compute
    assert model(torch.ones(2, 4)).dtype == torch.float32  # the float32 head leaves the autocast scope
    model.compile(optimizer=keras.optimizers.Adam(0.02), loss="mse")
    x, y = _regression_data()
    history = model.fit(x, y, epochs=15, verbose=0)
    assert history.history["loss"][-1] < 0.3 * history.history["loss"][0]
    assert hidden.kernel.dtype == torch.float32


def test_mixed_float16_wraps_optimizer_in_loss_scaling(policy):
    policy("mixed_float16")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    assert isinstance(model.optimizer, keras.optimizers.LossScaleOptimizer)
    model.compile(optimizer="adam", loss="mse", auto_scale_loss=False)
    assert isinstance(model.optimizer, keras.optimizers.Adam)


def test_global_policy_round_trip(policy):
    policy("mixed_bfloat16")
    assert keras.mixed_precision.global_policy().name == "mixed_bfloat16"
    assert keras.layers.Dense(1).dtype_policy.compute_dtype == "bfloat16"
    with pytest.raises(ValueError, match="mixed_float16"):
        keras.mixed_precision.set_global_policy("mixed_float8")


def test_jit_compile_trains_to_the_same_weights_as_eager():
    x, y = _regression_data()
    results = []
    for jit in (False, True):
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
        model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse", jit_compile=jit)
        history = model.fit(x, y, epochs=2, batch_size=32, shuffle=False, verbose=0)
        results.append((history.history["loss"], model.get_weights()))
    np.testing.assert_allclose(results[1][0], results[0][0], rtol=1e-5)
    for compiled, eager in zip(results[1][1], results[0][1]):
        np.testing.assert_allclose(compiled, eager, atol=1e-5)
