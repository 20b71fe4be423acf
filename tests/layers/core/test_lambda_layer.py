"""Lambda: the contract, arguments, masks, output shapes and the safe-mode rule for bytecode."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@keras.saving.register_keras_serializable(package="test_lambda")
def double(x):
    return x * 2


def test_contract_with_a_registered_function():
    run_layer_test(keras.layers.Lambda, {"function": double}, input_shape=(2, 3), expected_output_shape=(2, 3),
                   supports_masking=False)


def test_contract_with_a_python_lambda():
    # Re-marshalling loaded bytecode is not byte-identical (in Keras either), so the config is not compared.
    run_layer_test(keras.layers.Lambda, {"function": lambda x: x * 2}, input_shape=(2, 3),
                   expected_output_shape=(2, 3), supports_masking=False, safe_to_deserialize=False,
                   from_config_kwargs={"safe_mode": False}, compare_configs=False)


def test_arguments_and_declared_output_shape():
    layer = keras.layers.Lambda(lambda x, power: x**power, output_shape=(3,), arguments={"power": 3})
    assert torch.equal(layer(torch.tensor([[1.0, 2.0, 3.0]])), torch.tensor([[1.0, 8.0, 27.0]]))
    assert layer.compute_output_shape((None, 3)) == (None, 3)
    assert keras.layers.Lambda(double, output_shape=(5,))(keras.Input((5,))).shape == (None, 5)


def test_inferred_output_shape():
    out = keras.layers.Lambda(lambda x: x.sum(-1))(keras.Input((4, 5)))
    assert out.shape == (None, 4)


def test_mask_argument_and_mask_function():
    seen = {}

    def fn(x, mask=None):
        seen["mask"] = mask
        return x

    masked = keras.layers.Masking()(torch.tensor([[[0.0], [1.0]]]))
    out = keras.layers.Lambda(fn, mask=lambda inputs, mask: mask)(masked)
    assert torch.equal(seen["mask"], torch.tensor([[False, True]]))
    assert torch.equal(out._keras_mask, torch.tensor([[False, True]]))


def test_config_of_lambda_is_bytecode_and_refused_in_safe_mode():
    config = keras.layers.Lambda(lambda x: x + 1).get_config()
    assert config["function"]["class_name"] == "__lambda__"
    with pytest.raises(ValueError, match="safe_mode=False"):
        keras.layers.Lambda.from_config(config)
    revived = keras.layers.Lambda.from_config(config, safe_mode=False)
    assert torch.equal(revived(torch.zeros(1, 2)), torch.ones(1, 2))
    without_code = {k: v for k, v in config.items() if k != "function"}
    assert {k: v for k, v in revived.get_config().items() if k != "function"} == without_code


def test_named_function_round_trips_in_safe_mode():
    config = keras.layers.Lambda(double).get_config()
    revived = keras.layers.Lambda.from_config(config)
    assert revived.function is double


def test_closure_and_defaults_survive():
    offset = 3.0
    config = keras.layers.Lambda(lambda x, scale=2.0: x * scale + offset).get_config()
    revived = keras.layers.Lambda.from_config(config, safe_mode=False)
    assert torch.equal(revived(torch.ones(1, 1)), torch.tensor([[5.0]]))


def test_non_callable_function():
    with pytest.raises(TypeError, match="Received: function=3"):
        keras.layers.Lambda(3)
