import json
import warnings

import numpy as np
import pytest
import torch

import kerastorch as keras
from kerastorch.saving import convert
from kerastorch.saving import saving_api
from tests.saving.helpers import fixture_io
from tests.saving.helpers import fixture_path
from tests.saving.helpers import functional
from tests.saving.helpers import mlp
from tests.saving.helpers import randomize
from tests.saving.helpers import x_batch


def _wider():
    # Same as mlp() except the first kernel, (6, 5) instead of (4, 5).
    return keras.Sequential([keras.Input((6,)), keras.layers.Dense(5), keras.layers.Dropout(0.2),
                             keras.layers.Dense(3)])


@pytest.mark.parametrize("suffix", [".weights.h5", ".safetensors"])
def test_round_trip(tmp_path, suffix):
    source, target = randomize(functional(), seed=1), functional()
    path = str(tmp_path / f"w{suffix}")
    saving_api.save_weights(source, path)
    saving_api.load_weights(target, path)
    for mine, theirs in zip(target.weights, source.weights):
        np.testing.assert_array_equal(mine.numpy(), theirs.numpy())


@pytest.mark.parametrize("suffix", [".weights.h5", ".safetensors"])
def test_shape_mismatch_names_layer_and_both_shapes_and_loads_nothing(tmp_path, suffix):
    path = str(tmp_path / f"w{suffix}")
    saving_api.save_weights(randomize(_wider()), path)
    target = mlp()
    before = [v.numpy().copy() for v in target.weights]
    with pytest.raises(ValueError) as error:
        saving_api.load_weights(target, path)
    message = str(error.value)
    assert "dense" in message and "(4, 5)" in message and "(6, 5)" in message and "nothing was loaded" in message
    for variable, old in zip(target.weights, before):
        np.testing.assert_array_equal(variable.numpy(), old)


def test_skip_mismatch_loads_the_matching_layers(tmp_path):
    source = randomize(_wider())
    path = str(tmp_path / "w.weights.h5")
    saving_api.save_weights(source, path)
    target = mlp()
    first_kernel = target.layers[0].kernel.numpy().copy()
    with pytest.warns(UserWarning, match="Skipping loading weights"):
        saving_api.load_weights(target, path, skip_mismatch=True)
    np.testing.assert_array_equal(target.layers[0].kernel.numpy(), first_kernel)
    np.testing.assert_array_equal(target.layers[2].kernel.numpy(), source.layers[2].kernel.numpy())
    np.testing.assert_array_equal(target.layers[2].bias.numpy(), source.layers[2].bias.numpy())


def test_loads_real_keras_weights_file():
    data = fixture_io("keras3_sequential")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, activation="tanh"), keras.layers.Dense(2)])
    saving_api.load_weights(model, fixture_path("keras3_sequential.weights.h5"))
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y"], atol=1e-6)


def test_load_weights_from_a_keras_archive(tmp_path):
    source = randomize(mlp())
    path = str(tmp_path / "m.keras")
    saving_api.save_model(source, path)
    target = mlp()
    saving_api.load_weights(target, path)
    np.testing.assert_array_equal(target.predict(x_batch(), verbose=0), source.predict(x_batch(), verbose=0))


def test_unbuilt_model_is_refused(tmp_path):
    model = keras.Sequential([keras.layers.Dense(2)])
    with pytest.raises(ValueError, match="not yet been built"):
        saving_api.save_weights(model, str(tmp_path / "w.weights.h5"))


def test_safetensors_is_plain_safetensors_keyed_by_weight_path(tmp_path):
    from safetensors import safe_open
    from safetensors.torch import load_file

    model = randomize(functional())
    path = str(tmp_path / "w.safetensors")
    saving_api.save_weights(model, path)
    tensors = load_file(path)
    inner_dense = model.get_layer("inner").layers[0]
    assert f"inner/{inner_dense.name}/kernel" in tensors
    np.testing.assert_array_equal(tensors["head/kernel"].numpy(), model.get_layer("head").kernel.numpy())
    np.testing.assert_array_equal(tensors["bn/moving_variance"].numpy(), model.get_layer("bn").moving_variance.numpy())
    with safe_open(path, framework="pt") as f:
        metadata = f.metadata()
    assert metadata["format"] == "keras"
    assert json.loads(metadata["keras_config"])["class_name"] == "Functional"
    assert json.loads(metadata["keras_layout"])["head/kernel"] == "layers/dense_1/vars/0"
    rebuilt = saving_api.load_model(path)
    np.testing.assert_array_equal(rebuilt.predict(x_batch(), verbose=0), model.predict(x_batch(), verbose=0))


def test_safetensors_without_layout_loads_by_weight_path(tmp_path):
    from safetensors.torch import save_file

    model, target = randomize(mlp()), mlp()
    tensors = {f"{mine.name}/{v.name}": v.detach().clone()
               for mine, theirs in zip(target.layers, model.layers) for v in theirs.weights}
    path = str(tmp_path / "plain.safetensors")
    save_file(tensors, path)
    saving_api.load_weights(target, path)
    np.testing.assert_array_equal(target.predict(x_batch(), verbose=0), model.predict(x_batch(), verbose=0))
    save_file({"something/else": torch.zeros(2)}, path)
    with pytest.raises(ValueError, match="do not match the model's weight paths"):
        saving_api.load_weights(mlp(), path)


def test_state_dict_export_loads_without_kerastorch_classes(tmp_path):
    model = randomize(functional())
    path = str(tmp_path / "state.pt")
    convert.export_state_dict(model, path)
    state = torch.load(path, weights_only=True)
    assert all(type(value) is torch.Tensor for value in state.values())
    assert set(state) == set(model.state_dict())
    target = functional()
    convert.load_state_dict(target, path)
    np.testing.assert_array_equal(target.predict(x_batch(), verbose=0), model.predict(x_batch(), verbose=0))


def test_optimizer_variables_are_in_weights_files(tmp_path):
    model = randomize(mlp())
    model.compile("adam", "mse")
    model.fit(x_batch(4), np.zeros((4, 3), "float32"), verbose=0)
    path = str(tmp_path / "w.weights.h5")
    saving_api.save_weights(model, path)
    import h5py

    with h5py.File(path) as f:
        assert f["optimizer/vars"].attrs["name"] == model.optimizer.name
        assert len(f["optimizer/vars"]) == len(model.optimizer.variables)
        assert int(f["optimizer/vars/0"][()]) == 1
