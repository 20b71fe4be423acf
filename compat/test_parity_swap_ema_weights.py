"""SwapEMAWeights parity: validation measured with the optimizer's moving averages, the trained weights back
for training, and (with `swap_on_epoch`) the averages in the model at each epoch's end, as in real Keras."""

import numpy as np
import pytest


def _data():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(48, 4)).astype("float32")
    return x, (x @ np.array([[1.0], [-2.0], [0.5], [0.0]], "float32")).astype("float32")


def _run(lib, weights, swap_on_epoch, multi):
    x, y = _data()
    model = lib.Sequential([lib.Input((4,)), lib.layers.Dense(6, activation="tanh", name="a"),
                            lib.layers.Dense(1, name="b")], name="net")
    model.set_weights(weights)
    if multi:
        optimizer = lib.optimizers.MultiOptimizer(lib.optimizers.OptimizerMap(
            lib.optimizers.SGD(0.05, name="sgd"), {"net/a/.*": lib.optimizers.SGD(0.05, use_ema=True, name="ema")}),
            name="multi")
    else:
        optimizer = lib.optimizers.SGD(0.05, use_ema=True, ema_momentum=0.9)
    model.compile(optimizer, "mse")
    seen = []
    probe = lib.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(
        [np.array(w) for w in model.get_weights()]))
    history = model.fit(x[:32], y[:32], validation_data=(x[32:], y[32:]), epochs=3, batch_size=8, shuffle=False,
                        verbose=0, callbacks=[lib.callbacks.SwapEMAWeights(swap_on_epoch=swap_on_epoch), probe])
    return history.history, seen, model.get_weights()


@pytest.mark.parametrize("swap_on_epoch", [False, True])
@pytest.mark.parametrize("multi", [False, True])
def test_matches_keras(keras_ref, kt, swap_on_epoch, multi):
    model = keras_ref.Sequential([keras_ref.Input((4,)), keras_ref.layers.Dense(6, activation="tanh"),
                                  keras_ref.layers.Dense(1)])
    weights = model.get_weights()
    ref = _run(keras_ref, weights, swap_on_epoch, multi)
    ours = _run(kt, weights, swap_on_epoch, multi)
    for key, values in ref[0].items():
        np.testing.assert_allclose(ours[0][key], values, rtol=1e-5, atol=1e-6)
    for our_epoch, ref_epoch in zip(ours[1], ref[1]):
        for a, b in zip(our_epoch, ref_epoch):
            np.testing.assert_allclose(a, b, atol=1e-6)
    for a, b in zip(ours[2], ref[2]):
        np.testing.assert_allclose(a, b, atol=1e-6)


def test_needs_moving_averages(kt):
    model = kt.Sequential([kt.Input((4,)), kt.layers.Dense(1)])
    model.compile("sgd", "mse")
    x, y = _data()
    with pytest.raises(ValueError, match="Expected: use_ema=True on the optimizer. Received: use_ema=False"):
        model.fit(x, y, validation_data=(x, y), verbose=0, callbacks=[kt.callbacks.SwapEMAWeights()])
