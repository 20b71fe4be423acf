"""MultiOptimizer and OptimizerMap: routing by path and pattern, what is refused, state and config round trips."""

import numpy as np
import pytest
import torch

import kerastorch as keras


def _model():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="enc"), keras.layers.Dense(1, name="head")],
                             name="net")
    return model


def test_map_matches_exact_paths_then_whole_path_patterns():
    default, adam, sgd = keras.optimizers.RMSprop(), keras.optimizers.Adam(), keras.optimizers.SGD()
    mapping = keras.optimizers.OptimizerMap(default, {"net/enc/kernel": adam})
    mapping["net/.*/bias"] = sgd
    assert mapping["net/enc/kernel"] is adam
    assert mapping["net/head/bias"] is sgd
    assert mapping["net/head/kernel"] is default, "no key matches: the default"
    assert mapping["net/enc/bias_extra"] is default, "patterns match the whole path"
    mapping["net/head/.*"] = adam
    with pytest.raises(ValueError, match=r"'net/head/bias' matches several keys"):
        mapping["net/head/bias"]
    with pytest.raises(ValueError, match="already a key"):
        mapping["net/.*/bias"] = adam
    with pytest.raises(ValueError, match="cannot be a LossScaleOptimizer"):
        mapping["x"] = keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD())
    with pytest.raises(ValueError, match="do not nest"):
        mapping["y"] = keras.optimizers.MultiOptimizer(keras.optimizers.OptimizerMap(keras.optimizers.SGD()))
    with pytest.raises(TypeError, match="default_optimizer"):
        keras.optimizers.OptimizerMap("sgd")


def test_each_weight_is_updated_by_its_own_optimizer():
    model = _model()
    enc_opt, head_opt = keras.optimizers.SGD(0.1), keras.optimizers.SGD(0.0)
    optimizer = keras.optimizers.MultiOptimizer(keras.optimizers.OptimizerMap(head_opt, {"net/enc/.*": enc_opt}))
    model.compile(optimizer, "mse")
    before = [w.copy() for w in model.get_weights()]
    model.fit(np.ones((4, 3), "float32"), np.zeros((4, 1), "float32"), verbose=0)
    after = model.get_weights()
    assert not np.allclose(after[0], before[0]) and not np.allclose(after[1], before[1]), "enc moved (lr 0.1)"
    np.testing.assert_array_equal(after[2], before[2])  # head: lr 0.0
    np.testing.assert_array_equal(after[3], before[3])
    assert int(optimizer.iterations) == 1 and int(enc_opt.iterations) == 1 and int(head_opt.iterations) == 1
    assert optimizer.optimizers == [enc_opt, head_opt]


def test_no_learning_rate_of_its_own_and_loss_scale_reaches_every_sub_optimizer():
    adam, sgd = keras.optimizers.Adam(), keras.optimizers.SGD()
    optimizer = keras.optimizers.MultiOptimizer(keras.optimizers.OptimizerMap(sgd, {"a": adam}), loss_scale_factor=4.0)
    with pytest.raises(AttributeError, match="no learning rate of its own"):
        optimizer.learning_rate
    with pytest.raises(AttributeError, match="no learning rate of its own"):
        optimizer.learning_rate = 0.1
    assert adam.loss_scale_factor == sgd.loss_scale_factor == 4.0
    optimizer.loss_scale_factor = None
    assert adam.loss_scale_factor is None and sgd.loss_scale_factor is None
    with pytest.raises(TypeError, match="optimizer_map"):
        keras.optimizers.MultiOptimizer({"a": adam})


def test_a_function_that_returns_a_bad_optimizer_is_named_at_build():
    model = _model()
    optimizer = keras.optimizers.MultiOptimizer(lambda variable: "sgd")
    with pytest.raises(ValueError, match=r"weight 'net/enc/kernel' must be a keras.optimizers.Optimizer"):
        optimizer.build(model.trainable_variables)


def test_state_round_trips_through_get_and_set_weights_and_config():
    model = _model()
    optimizer = keras.optimizers.MultiOptimizer(keras.optimizers.OptimizerMap(
        keras.optimizers.SGD(0.1, momentum=0.9), {"net/enc/.*": keras.optimizers.Adam(0.01)}))
    model.compile(optimizer, "mse")
    model.fit(np.ones((8, 3), "float32"), np.ones((8, 1), "float32"), batch_size=4, verbose=0)
    state = optimizer.get_weights()
    assert len(state) == 2 + 6 + 4  # own (iteration, learning rate) + Adam's + SGD's
    twin = keras.optimizers.MultiOptimizer.from_config(optimizer.get_config())
    twin.build(model.trainable_variables)
    twin.set_weights(state)
    for a, b in zip(twin.get_weights(), state):
        np.testing.assert_array_equal(a, b)
    assert [type(o).__name__ for o in twin.optimizers] == ["Adam", "SGD"]
    assert twin.optimizers[0].get_config()["learning_rate"] == pytest.approx(0.01)
    assert torch.is_tensor(twin.iterations) and int(twin.iterations) == 2
