import json
import os
import zipfile

import h5py
import numpy as np
import pytest

import kerastorch as keras
from kerastorch.saving import keras_archive
from kerastorch.saving import saving_api
from tests.saving.helpers import fixture_io
from tests.saving.helpers import fixture_path
from tests.saving.helpers import functional
from tests.saving.helpers import mlp
from tests.saving.helpers import randomize
from tests.saving.helpers import x_batch


def test_archive_members_and_layout(tmp_path):
    model = randomize(mlp())
    path = str(tmp_path / "m.keras")
    saving_api.save_model(model, path)
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["metadata.json", "config.json", "model.weights.h5"]
        assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())
        metadata = json.loads(archive.read("metadata.json"))
        config = json.loads(archive.read("config.json"))
        with h5py.File(__import__("io").BytesIO(archive.read("model.weights.h5"))) as f:
            assert f["vars"].attrs["name"] == "mlp"
            assert f["layers/dense/vars"].attrs["name"] == model.layers[0].name
            np.testing.assert_array_equal(f["layers/dense/vars/0"][()], model.layers[0].kernel.numpy())
            np.testing.assert_array_equal(f["layers/dense_1/vars/1"][()], model.layers[2].bias.numpy())
            assert len(f["layers/dropout/vars"]) == 0
    assert metadata["keras_version"] == "3.15.1" and "date_saved" in metadata
    assert config["class_name"] == "Sequential" and config["module"] == "keras"


def test_round_trip_predicts_identically(tmp_path):
    model = randomize(functional())
    x = x_batch()
    path = str(tmp_path / "f.keras")
    model.save(path) if hasattr(model, "save") else saving_api.save_model(model, path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    # Names and shapes, not paths: layers rebuilt from a config are built before the model that holds them
    # exists, so (as in Keras) their paths lack the enclosing model's name.
    assert [(v.name, tuple(v.shape)) for v in loaded.weights] == [(v.name, tuple(v.shape)) for v in model.weights]


def test_compiled_round_trip_restores_optimizer_and_training_continues(tmp_path):
    model = randomize(mlp())
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    x, y = x_batch(8), np.random.default_rng(2).normal(size=(8, 3)).astype("float32")
    model.layers[1].rate = 0.0  # deterministic steps
    model.fit(x, y, batch_size=4, epochs=2, verbose=0, shuffle=False)
    path = str(tmp_path / "c.keras")
    saving_api.save_model(model, path)
    loaded = saving_api.load_model(path)
    assert loaded.compiled and int(loaded.optimizer.iterations) == 4
    for mine, theirs in zip(loaded.optimizer.variables, model.optimizer.variables):
        np.testing.assert_array_equal(mine.numpy(), theirs.numpy())
    loaded.layers[1].rate = 0.0
    model.train_on_batch(x, y)
    loaded.train_on_batch(x, y)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6)
    assert not saving_api.load_model(path, compile=False).compiled


def test_opens_real_keras_sequential_and_continues_training():
    data = fixture_io("keras3_sequential")
    model = saving_api.load_model(fixture_path("keras3_sequential.keras"))
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y"], atol=1e-6)
    assert int(model.optimizer.iterations) == 4
    model.train_on_batch(data["x"], data["targets"])
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y_after"], atol=1e-5)


def test_opens_real_keras_nested_functional():
    data = fixture_io("keras3_nested")
    model = saving_api.load_model(fixture_path("keras3_nested.keras"))
    assert [layer.name for layer in model.layers if isinstance(layer, keras.Sequential)] == ["inner"]
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y"], atol=1e-6)


def _two_tower():
    class TwoTower(keras.Model):
        def __init__(self, units=3, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.left = keras.layers.Dense(units)
            self.right = keras.layers.Dense(units)
            self.scale = self.add_weight(shape=(units,), initializer="ones", name="scale")

        def call(self, inputs):
            return (self.left(inputs) + self.right(inputs)) * self.scale

        def get_config(self):
            return {**super().get_config(), "units": self.units}

    return TwoTower


def test_opens_real_keras_subclassed_model_with_custom_objects():
    data = fixture_io("keras3_subclassed")
    with pytest.raises(ValueError, match="TwoTower"):
        saving_api.load_model(fixture_path("keras3_subclassed.keras"))
    model = saving_api.load_model(fixture_path("keras3_subclassed.keras"),
                                  custom_objects={"fixtures>TwoTower": _two_tower()})
    np.testing.assert_allclose(model.scale.numpy(), [1.0, 2.0, 3.0])
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y"], atol=1e-6)


def test_opens_real_keras_subclassed_model_registered():
    data = fixture_io("keras3_subclassed")
    keras.saving.register_keras_serializable(package="fixtures", name="TwoTower")(_two_tower())
    model = saving_api.load_model(fixture_path("keras3_subclassed.keras"))
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y"], atol=1e-6)


def test_lambda_bytecode_needs_safe_mode_false(tmp_path):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Lambda(lambda t: t * 3.0)])
    path = str(tmp_path / "l.keras")
    saving_api.save_model(model, path)
    with pytest.raises(ValueError, match="safe_mode=False"):
        saving_api.load_model(path)
    loaded = saving_api.load_model(path, safe_mode=False)
    np.testing.assert_allclose(loaded.predict(np.ones((1, 2), "float32"), verbose=0), [[3.0, 3.0]])


def test_crash_mid_save_keeps_the_previous_file(tmp_path, monkeypatch):
    path = str(tmp_path / "m.keras")
    model = randomize(mlp())
    saving_api.save_model(model, path)
    before = open(path, "rb").read()

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(keras_archive, "metadata_json", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        saving_api.save_model(randomize(mlp(), seed=5), path)
    assert open(path, "rb").read() == before
    assert os.listdir(tmp_path) == ["m.keras"]


def test_save_rejects_unknown_extension(tmp_path):
    with pytest.raises(ValueError, match="Invalid filepath extension"):
        saving_api.save_model(mlp(), str(tmp_path / "m.zip"))


def test_unzipped_folder_round_trip(tmp_path):
    model = randomize(mlp())
    folder = str(tmp_path / "saved")
    saving_api.save_model(model, folder, zipped=False)
    assert sorted(os.listdir(folder)) == ["config.json", "metadata.json", "model.weights.h5"]
    loaded = saving_api.load_model(folder)
    np.testing.assert_array_equal(loaded.predict(x_batch(), verbose=0), model.predict(x_batch(), verbose=0))
