"""TorchModuleWrapper: a torch module as a layer, its weights, modes, config and models."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import check_training_step
from tests.layers.layer_contract import run_layer_test


def test_contract():
    torch.manual_seed(0)
    run_layer_test(keras.layers.TorchModuleWrapper, {"module": torch.nn.Linear(3, 2)}, input_shape=(4, 3),
                   expected_output_shape=(4, 2), expected_num_trainable_weights=2, safe_to_deserialize=False,
                   from_config_kwargs={"safe_mode": False})


def test_weights_are_the_module_parameters_not_buffers():
    module = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4))
    module[0].bias.requires_grad_(False)
    layer = keras.layers.TorchModuleWrapper(module)
    assert [tuple(w.shape) for w in layer.weights] == [(4, 3), (4,), (4,), (4,)]
    assert layer.weights[-1] is module[0].bias and layer.non_trainable_weights == [module[0].bias]
    assert layer.count_params() == 12 + 4 + 4 + 4
    # A sum loss after BatchNorm has zero gradient for its scale; a squared one does not.
    (layer(torch.randn(5, 3), training=True) ** 2).sum().backward()
    assert all(w.grad is not None and w.grad.abs().sum() > 0 for w in layer.trainable_weights)
    assert module[0].bias.grad is None
    check_training_step(keras.layers.TorchModuleWrapper(torch.nn.Linear(3, 2)), torch.randn(5, 3), {})


def test_training_flag_reaches_the_module():
    layer = keras.layers.TorchModuleWrapper(torch.nn.Dropout(0.5))
    x = torch.ones(100, 10)
    assert torch.equal(layer(x, training=False), x)
    assert (layer(x, training=True) == 0).any()
    assert not layer.training, "the wrapper's own mode is left alone"
    assert (layer(x) == 0).any(), "training unset means training mode, as in Keras"
    model = keras.Sequential([keras.Input((10,)), layer])
    assert np.array_equal(model.predict(x.numpy(), verbose=0), x.numpy()), "predict runs in inference mode"
    assert torch.equal(model(x, training=False), x)
    assert (model(x) == 0).any(), "a model called without `training` runs the module in training mode, as Keras"
    inputs = keras.Input((10,))
    functional = keras.Model(inputs, keras.layers.TorchModuleWrapper(torch.nn.Dropout(0.5), output_shape=(None, 10))(inputs))
    assert (functional(x) == 0).any()
    functional.eval()
    assert torch.equal(functional(x), x), "after eval(), calls without `training` are inference"


def test_in_sequential_and_functional_models():
    torch.manual_seed(0)
    linear = torch.nn.Linear(3, 2)
    model = keras.Sequential([keras.Input((3,)), linear, keras.layers.Dense(1)])
    assert isinstance(model.layers[0], keras.layers.TorchModuleWrapper)
    assert model.count_params() == 8 + 3
    x = keras.Input((3,))
    out = keras.layers.TorchModuleWrapper(linear, output_shape=(None, 2))(x)
    assert out.shape == (None, 2)
    data = torch.randn(4, 3)
    assert torch.allclose(keras.Model(x, out)(data), linear(data))


def test_config_refused_in_safe_mode_and_loads_otherwise():
    layer = keras.layers.TorchModuleWrapper(torch.nn.Linear(3, 2))
    config = layer.get_config()
    with pytest.raises(ValueError, match="safe_mode=False"):
        keras.layers.TorchModuleWrapper.from_config(config)
    revived = keras.layers.TorchModuleWrapper.from_config(config, safe_mode=False)
    data = torch.randn(2, 3)
    assert torch.equal(revived(data), layer(data))


def test_rejects_non_modules_and_uninitialized_lazy_modules():
    with pytest.raises(TypeError, match="Received: module="):
        keras.layers.TorchModuleWrapper(lambda x: x)
    with pytest.raises(ValueError, match="lazy"):
        keras.layers.TorchModuleWrapper(torch.nn.LazyLinear(2))


def test_wrapped_parameters_carry_keras_names_and_paths():
    keras.utils.clear_session() if hasattr(keras.utils, "clear_session") else keras.backend.clear_session()
    model = keras.Sequential([keras.Input((3,)), keras.layers.TorchModuleWrapper(torch.nn.Linear(3, 2))])
    names = [w.name for w in model.weights]
    assert names == ["variable", "variable_1"]  # as real Keras 3.15.1 names them after clear_session()
    assert [w.path for w in model.weights] == names
