"""Legacy HDF5 files written by tf.keras 2.21 (see fixtures/make_fixtures.py), read without TensorFlow."""

import h5py
import numpy as np
import pytest

import kerastorch as keras
from kerastorch.saving import saving_api
from tests.saving.helpers import fixture_io
from tests.saving.helpers import fixture_path
from tests.saving.helpers import functional
from tests.saving.helpers import randomize
from tests.saving.helpers import x_batch


def _tf_mlp():
    return keras.Sequential([
        keras.layers.Dense(8, activation="relu", batch_input_shape=(None, 4), name="hidden"),
        keras.layers.Dropout(0.25, name="drop"),
        keras.layers.Dense(3, activation="softmax", name="probs"),
    ])


def test_sequential_with_training_config_and_optimizer_state():
    data = fixture_io("legacy_mlp")
    model = saving_api.load_model(fixture_path("legacy_mlp.h5"))
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y"], atol=1e-6)
    assert model.compiled and type(model.optimizer).__name__ == "Adam"
    assert model.optimizer.learning_rate.item() == pytest.approx(0.01)
    with h5py.File(fixture_path("legacy_mlp.h5")) as f:
        stored = f["optimizer_weights"]
        assert int(model.optimizer.iterations) == int(stored["iteration:0"][()]) == 4
        np.testing.assert_array_equal(model.optimizer.variables[2].numpy(), stored["Adam/m/hidden/kernel:0"][()])
        np.testing.assert_array_equal(model.optimizer.variables[3].numpy(), stored["Adam/v/hidden/kernel:0"][()])
    logs = model.evaluate(data["x"], data["targets"], verbose=0, return_dict=True)
    assert {"loss", "accuracy", "mean_absolute_error"} <= set(logs)


def test_functional_cnn_with_depthwise_and_batch_norm():
    data = fixture_io("legacy_cnn")
    model = saving_api.load_model(fixture_path("legacy_cnn.h5"))
    assert tuple(model.get_layer("depthwise").kernel.shape) == (3, 3, 3, 1)
    assert float(model.get_layer("bn").moving_mean.abs().sum()) > 0
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y"], atol=1e-5)


def test_recurrent_time_major_implementation_and_bidirectional():
    data = fixture_io("legacy_rnn")
    with pytest.warns(UserWarning, match="not\\* compiled"):
        model = saving_api.load_model(fixture_path("legacy_rnn.h5"))
    assert type(model.get_layer("bidi")).__name__ == "Bidirectional"
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y"], atol=1e-5)


def test_lambda_bytecode_refused_unless_safe_mode_false():
    data = fixture_io("legacy_lambda")
    with pytest.raises(ValueError, match="safe_mode=False"):
        saving_api.load_model(fixture_path("legacy_lambda.h5"))
    model = saving_api.load_model(fixture_path("legacy_lambda.h5"), safe_mode=False, compile=False)
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y"], atol=1e-5)


@pytest.mark.parametrize("name", ["legacy_mlp_weights.h5", "legacy_mlp.h5"])
def test_load_weights_by_order(name):
    data = fixture_io("legacy_mlp")
    model = _tf_mlp()
    saving_api.load_weights(model, fixture_path(name))
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y"], atol=1e-6)


def test_load_weights_by_name_matches_renamed_and_reordered_models():
    data = fixture_io("legacy_mlp")
    inputs = keras.Input((4,))
    extra = keras.layers.Dense(8, name="unrelated")
    hidden = keras.layers.Dense(8, activation="relu", name="hidden")(inputs)
    probs = keras.layers.Dense(3, activation="softmax", name="probs")(hidden)
    model = keras.Model(inputs, [probs, extra(inputs)])
    untouched = extra.kernel.numpy().copy()
    saving_api.load_weights(model, fixture_path("legacy_mlp_weights.h5"), by_name=True)
    np.testing.assert_allclose(model.predict(data["x"], verbose=0)[0], data["y"], atol=1e-6)
    np.testing.assert_array_equal(extra.kernel.numpy(), untouched)


def test_by_order_count_mismatch_is_an_error():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, name="hidden")])
    with pytest.raises(ValueError, match="Layer count mismatch"):
        saving_api.load_weights(model, fixture_path("legacy_mlp_weights.h5"))


def test_shape_mismatch_names_layer_and_loads_nothing():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(7, name="hidden"), keras.layers.Dense(3)])
    before = [v.numpy().copy() for v in model.weights]
    with pytest.raises(ValueError, match=r"hidden.*\(4, 7\).*\(4, 8\)"):
        saving_api.load_weights(model, fixture_path("legacy_mlp_weights.h5"))
    for variable, old in zip(model.weights, before):
        np.testing.assert_array_equal(variable.numpy(), old)


def test_model_save_h5_warns_and_round_trips(tmp_path):
    model = randomize(functional())
    model.compile(keras.optimizers.SGD(0.1, momentum=0.9), "mse")
    model.fit(x_batch(4), np.zeros((4, 2), "float32"), verbose=0)
    path = str(tmp_path / "m.h5")
    with pytest.warns(UserWarning, match="This file format is considered legacy"):
        saving_api.save_model(model, path)
    with h5py.File(path) as f:
        assert {"model_config", "training_config", "keras_version", "backend"} <= set(f.attrs)
        assert "optimizer_weights" in f
    loaded = saving_api.load_model(path)
    np.testing.assert_allclose(loaded.predict(x_batch(), verbose=0), model.predict(x_batch(), verbose=0), atol=1e-6)
    for mine, theirs in zip(loaded.optimizer.variables, model.optimizer.variables):
        np.testing.assert_array_equal(mine.numpy(), theirs.numpy())
