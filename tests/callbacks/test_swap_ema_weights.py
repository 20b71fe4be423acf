"""SwapEMAWeights outside fit: predict and evaluate use the moving averages and leave the trained weights."""

import numpy as np

import kerastorch as keras


def test_predict_and_evaluate_use_the_averages_then_restore_the_weights():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 3)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(0.1, use_ema=True, ema_momentum=0.5), "mse")
    model.fit(x, y, batch_size=8, epochs=2, verbose=0)  # ends with the averages written into the weights
    model.set_weights([w + 1.0 for w in model.get_weights()])
    trained = [w.copy() for w in model.get_weights()]
    averages = [np.array(a) for a in model.optimizer._model_variables_moving_average]
    assert not all(np.allclose(a, t) for a, t in zip(averages, trained)), "averages differ from the weights"
    expected = x @ averages[0] + averages[1]
    # (Keras 3.15 leaves the averages in the model after predict; here the trained weights come back.)
    predicted = model.predict(x, verbose=0, callbacks=[keras.callbacks.SwapEMAWeights()])
    np.testing.assert_allclose(predicted, expected, rtol=1e-5, atol=1e-6)
    for now, before in zip(model.get_weights(), trained):
        np.testing.assert_array_equal(now, before)
    loss = model.evaluate(x, y, verbose=0, callbacks=[keras.callbacks.SwapEMAWeights()])
    np.testing.assert_allclose(loss, np.mean((expected - y) ** 2), rtol=1e-5)
    for now, before in zip(model.get_weights(), trained):
        np.testing.assert_array_equal(now, before)
