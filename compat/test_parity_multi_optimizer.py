"""MultiOptimizer parity: the same model, weights and data trained in real Keras and kerastorch with weights
routed to different optimizers (by an OptimizerMap of paths and patterns, or by a function), alone and inside a
LossScaleOptimizer; history, final weights, the optimizer's variables (paths, order, values) and config agree,
and a `.keras` file written by either is read by the other."""

import numpy as np
import pytest


def _data():
    rng = np.random.default_rng(0)
    return rng.normal(size=(64, 5)).astype("float32"), rng.normal(size=(64, 1)).astype("float32")


def _model(lib, weights=None):
    model = lib.Sequential([lib.Input((5,)), lib.layers.Dense(4, activation="tanh", name="enc"),
                            lib.layers.Dense(1, name="head")], name="net")
    if weights is not None:
        model.set_weights(weights)
    return model


def _by_map(lib):
    return lib.optimizers.MultiOptimizer(lib.optimizers.OptimizerMap(
        default_optimizer=lib.optimizers.SGD(0.05, momentum=0.9, name="sgd"),
        optimizer_map={"net/enc/.*": lib.optimizers.Adam(0.01, name="adam"),
                       "net/head/bias": lib.optimizers.RMSprop(0.01, name="rmsprop")}), name="multi_optimizer")


def _by_function(lib):
    adam, sgd = lib.optimizers.Adam(0.02, name="adam"), lib.optimizers.SGD(0.1, name="sgd")
    return lib.optimizers.MultiOptimizer(lambda variable: adam if "kernel" in variable.path else sgd,
                                         name="multi_optimizer")


def _loss_scaled(lib):
    return lib.optimizers.LossScaleOptimizer(_by_map(lib), initial_scale=2.0**10, name="loss_scale_optimizer")


def _train(lib, weights, make_optimizer, callbacks=()):
    x, y = _data()
    model = _model(lib, weights)
    model.compile(make_optimizer(lib), "mse")
    history = model.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0, callbacks=list(callbacks))
    return model, history.history


@pytest.mark.parametrize("make_optimizer", [_by_map, _by_function, _loss_scaled])
def test_training_matches_keras(keras_ref, kt, make_optimizer):
    weights = _model(keras_ref).get_weights()
    ref, ref_history = _train(keras_ref, weights, make_optimizer)
    ours, our_history = _train(kt, weights, make_optimizer)
    assert sorted(our_history) == sorted(ref_history)
    for key, values in ref_history.items():
        np.testing.assert_allclose(our_history[key], values, rtol=1e-4, atol=1e-6)
    for a, b in zip(ours.get_weights(), ref.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-5)
    ref_variables, our_variables = ref.optimizer.variables, ours.optimizer.variables
    assert [v.path for v in our_variables] == [v.path for v in ref_variables]
    for a, b in zip(our_variables, ref_variables):
        np.testing.assert_allclose(np.asarray(a), keras_ref.ops.convert_to_numpy(b), rtol=1e-4, atol=1e-6)


def test_learning_rate_callbacks_set_each_sub_optimizer(keras_ref, kt):
    weights = _model(keras_ref).get_weights()
    results = []
    for lib in (keras_ref, kt):
        _, history = _train(lib, weights, _by_map, [lib.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5)])
        results.append(history)
    assert sorted(results[1]) == sorted(results[0]) == ["learning_rate_adam", "learning_rate_rmsprop",
                                                        "learning_rate_sgd", "loss"]
    for key, values in results[0].items():
        np.testing.assert_allclose(results[1][key], values, rtol=1e-5)


def test_config_and_files_cross_load(keras_ref, kt, tmp_path):
    weights = _model(keras_ref).get_weights()
    ref, _ = _train(keras_ref, weights, _by_map)
    ours, _ = _train(kt, weights, _by_map)
    ref_config, our_config = ref.optimizer.get_config(), ours.optimizer.get_config()
    assert our_config["name"] == ref_config["name"] and our_config["loss_scale_factor"] is None
    for side in ("default_optimizer",):
        assert our_config["optimizer_map"]["config"][side]["config"] == ref_config["optimizer_map"]["config"][side]["config"]
    assert (sorted(our_config["optimizer_map"]["config"]["optimizer_map"])
            == sorted(ref_config["optimizer_map"]["config"]["optimizer_map"]))
    restored = kt.optimizers.MultiOptimizer.from_config(ref_config)
    assert [type(o).__name__ for o in restored.optimizers] == ["Adam", "RMSprop", "SGD"]
    x, _ = _data()
    for writer, reader, name in ((ref, kt, "ref.keras"), (ours, keras_ref, "ours.keras")):
        path = str(tmp_path / name)
        writer.save(path)
        loaded = reader.saving.load_model(path)
        assert type(loaded.optimizer).__name__ == "MultiOptimizer"
        assert [o.name for o in loaded.optimizer.optimizers] == ["adam", "rmsprop", "sgd"]
        np.testing.assert_allclose(np.asarray(loaded.predict(x, verbose=0)), np.asarray(writer.predict(x, verbose=0)),
                                   atol=1e-6)
